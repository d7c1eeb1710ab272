import { ServiceName, SERVICES } from '@jlis/contracts';
import { createPortalClient } from '@jlis/portal-client';
import {
  freePort,
  PrivatePostgres,
  startAll,
  startNats,
  startPrivatePostgres,
  startSmtp,
  stopTestServer,
  TestNats,
  TestSmtp,
} from '@jlis/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distArgs, ROOT } from '../dist';

type Name = ServiceName | 'gateway';
/** A process: its name, or `name#n` for a further instance of the same service. */
type Key = Name | `${Name}#${number}`;

/**
 * The suite as it runs in production: every service a separate compiled process, against a Postgres cluster and a
 * nats-server of the test's own (never the machine's shared servers), so they can be killed and restarted.
 */
export class ProcessSuite {
  readonly procs = new Map<Key, ChildProcess>();
  readonly logs = new Map<Key, string[]>();
  baseUrl!: string;
  env!: Record<string, string>;

  private constructor(
    readonly pg: PrivatePostgres,
    readonly nats: TestNats,
    readonly smtp: TestSmtp,
    private readonly workDir: string,
  ) {}

  /** `nats`: how to start NATS (default: one nats-server; the cluster test gives a three-node JetStream cluster). */
  static async start(opts: { nats?: () => Promise<TestNats> } = {}): Promise<ProcessSuite> {
    const [pg, nats, smtp] = await startAll<[PrivatePostgres, TestNats, TestSmtp]>(
      [startPrivatePostgres, opts.nats ?? (() => startNats()), startSmtp],
      stopTestServer,
    );
    const suite = new ProcessSuite(pg, nats, smtp, mkdtempSync(join(tmpdir(), 'jlis-faults-')));
    const port = await freePort();
    suite.baseUrl = `http://127.0.0.1:${port}`;
    suite.env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      AUTH_MODE: 'development',
      DATABASE_URL: pg.url.replace(/\/postgres$/, '/postgres'),
      NATS_URL: nats.url,
      SMTP_URL: smtp.url,
      JLIS_MAILBOX: 'jpki-kanri@j-lis.test',
      RATE_LIMIT_PER_MINUTE: '0',
      DATABASE_POOL_SIZE: '5',
      // Readiness is read from the `ready` log line, so info must be on; logs stay in memory.
      LOG_LEVEL: 'info',
      PORT: String(port),
      MAIL_MAX_ATTEMPTS: '30',
      MAIL_SENDERS: '4',
      // Cards' checks (low stock) act within a second of a change, so a quiet suite is really quiet: an announcement
      // due since the last test must not land in the middle of the next one's comparison.
      CARDS_CHECK_INTERVAL_MS: '500',
    };
    try {
      for (const s of [...SERVICES, 'gateway'] as Name[]) await suite.startProcess(s);
      await suite.waitReady();
    } catch (error) {
      await suite.destroy();
      throw error;
    }
    return suite;
  }

  async startProcess(key: Key, extraEnv: Record<string, string> = {}): Promise<void> {
    const name = key.split('#')[0] as Name;
    const child = spawn(process.execPath, distArgs(name), {
      cwd: ROOT,
      // Each process connects to NATS with its own identity (seed), as in production.
      // … and to Postgres as its own role (the gateway uses no database).
      env: {
        ...this.env,
        ...this.nats.env(name),
        ...(name === 'gateway' ? {} : { DATABASE_URL: this.pg.serviceUrl(name) }),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = this.logs.get(key) ?? [];
    this.logs.set(key, log);
    const keep = (d: Buffer) => {
      log.push(d.toString());
      if (log.length > 2000) log.splice(0, log.length - 2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.procs.set(key, child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${key} did not start: ${log.join('').slice(-2000)}`)), 60_000);
      const onData = (d: Buffer) => {
        if (/"msg":"ready"|listening on/.test(d.toString())) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${key} exited with ${code}: ${log.join('').slice(-2000)}`));
      });
    });
  }

  /** SIGTERM, as Kubernetes stops a pod: resolves with how the process ended and how long it took. */
  async terminate(key: Key): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const child = this.procs.get(key);
    if (!child || child.exitCode !== null) throw new Error(`${key} is not running`);
    const started = Date.now();
    return new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started }));
      child.kill('SIGTERM');
    });
  }

  /** kill -9, then start again. */
  async crash(name: Name): Promise<void> {
    const child = this.procs.get(name);
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    }
    await this.startProcess(name);
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await createPortalClient({ baseUrl: this.baseUrl })
        .GET('/health/ready', { parseAs: 'text' })
        .then(
          ({ response }) => response.status === 200,
          () => false,
        );
      if (ok) return;
      if (Date.now() > deadline) throw new Error('suite not ready');
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Writes every process's recent log lines to files and returns the folder (for a failing run). */
  dumpLogs(): string {
    const dir = mkdtempSync(join(tmpdir(), 'jlis-fault-logs-'));
    for (const [name, lines] of this.logs) writeFileSync(join(dir, `${name}.log`), lines.join(''));
    return dir;
  }

  async destroy(): Promise<void> {
    for (const child of this.procs.values()) {
      child.removeAllListeners('exit');
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await this.smtp.close();
    await this.nats.destroy();
    this.pg.destroy();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
