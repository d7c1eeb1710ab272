import { freePort } from '@jlis/testing';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Debian's package (`apt-get install prometheus`, see scripts/lib/system-deps.js); promtool comes with it. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? 'prometheus';
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? 'promtool';
export const ALERT_RULES = resolve(__dirname, '../../deploy/prometheus/alerts.yml');

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * A real Prometheus server for one test: its own port on loopback, its own storage in a temporary directory, a 1 s
 * scrape and evaluation interval, scraping the given targets and loading the repository's alert rules.
 */
export class TestPrometheus {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly log: () => string,
  ) {}

  static async start(targets: string[]): Promise<TestPrometheus> {
    const found = spawnSync(PROMETHEUS_BIN, ['--version'], { encoding: 'utf8' });
    if (found.error)
      throw new Error(`${PROMETHEUS_BIN} not found: install Debian's prometheus package (apt-get install prometheus).`);
    const dir = await mkdtemp(join(tmpdir(), 'jlis-prometheus-'));
    const port = await freePort();
    await writeFile(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        '  evaluation_interval: 1s',
        'rule_files:',
        `  - ${JSON.stringify(ALERT_RULES)}`,
        'scrape_configs:',
        '  - job_name: jlis',
        '    static_configs:',
        `      - targets: ${JSON.stringify(targets)}`,
        '',
      ].join('\n'),
    );
    const child = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
    const prometheus = new TestPrometheus(`http://127.0.0.1:${port}`, child, dir, () => log);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${log}`);
      const ready = await fetch(`${prometheus.url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return prometheus;
      if (Date.now() > deadline) {
        await prometheus.stop();
        throw new Error(`prometheus did not become ready within 30 s:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async api<T>(path: string): Promise<T> {
    const res = await fetch(`${this.url}/api/v1/${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error}`);
    return body.data;
  }

  /** An instant query: its vector. */
  async query(expr: string): Promise<PromSample[]> {
    const data = await this.api<{ resultType: string; result: PromSample[] }>(
      `query?query=${encodeURIComponent(expr)}`,
    );
    return data.result;
  }

  /** The single value of a query that sums to one sample; undefined while it has none. */
  async value(expr: string): Promise<number | undefined> {
    const [sample] = await this.query(expr);
    return sample ? Number(sample.value[1]) : undefined;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((done) => this.child.once('exit', done));
      this.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((done) => (timer = setTimeout(done, 5000)))]);
      clearTimeout(timer);
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
