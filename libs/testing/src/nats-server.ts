import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES } from '@jlis/contracts';
import {
  CallerAssertionKey,
  CallerAssertionSigner,
  ensureCallerAssertionKey,
  ensureNatsCredentials,
  MessagingProvisionOptions,
  NATS_IDENTITIES,
  NatsCredentials,
  natsConnectionOptions,
  NatsIdentity,
  natsServerLaunch,
  privateKeyFromPem,
  provisionMessaging,
  RpcClient,
  TEST_NATS_IDENTITIES,
} from '@jlis/runtime';
import { connect, ConnectionOptions, NatsConnection } from 'nats';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
      socket.connect(port, '127.0.0.1');
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Whether a nats-server answers on the port: it greets every connection with an `INFO` line at once. A bare TCP
 * accept is not enough — the port came from `freePort()`, which another test's server started alongside may have taken
 * between its release and nats-server's bind (an HTTP or Postgres listener accepts and stays silent, and a client
 * then fails its handshake with a TIMEOUT after 20 s).
 */
export async function natsGreets(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => (clearTimeout(timer), socket.destroy(), resolve(ok));
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('INFO ')));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

/**
 * Waits until the nats-server just spawned answers on its port. `exited` when it stopped first (its port was taken:
 * the caller picks another), `taken` when something else answers there while it still runs past the deadline.
 */
export async function waitForNats(
  child: ChildProcess,
  port: number,
  timeoutMs = 15_000,
): Promise<'ready' | 'exited' | 'taken'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    if (await natsGreets(port)) return 'ready';
    if (Date.now() > deadline) return 'taken';
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface TestNats {
  url: string;
  port: number;
  storeDir: string;
  process: ChildProcess;
  /** nkey seeds of every identity of deploy/nats/nats-server.test.conf, generated for this server. */
  credentials: NatsCredentials;
  /** The gateway's caller-assertion key for this server's suite (services verify with its public key). */
  callerKey: CallerAssertionKey;
  /** nats-server's log (authorisation and permission violations show there). */
  logFile: string;
  /** Connection options of one identity: its seed and its inbox prefix. */
  options(identity: NatsIdentity, name?: string): ConnectionOptions;
  connect(identity: NatsIdentity, name?: string): Promise<NatsConnection>;
  /**
   * The environment of a process connecting as `identity`: NATS_URL and its own seed, and for the gateway its
   * caller-assertion key, for a service the gateway's public key.
   */
  env(identity: NatsIdentity): Record<string, string>;
  /** Signs callers as the gateway does. */
  callerSigner(): CallerAssertionSigner;
  /** A client (not yet connected) that asks the services as the gateway does: its identity, its signature. */
  rpcClient(timeoutMs?: number): RpcClient;
  /** Stops the server (SIGKILL when `hard`), keeping its store so `restart` resumes it. */
  stop(hard?: boolean): Promise<void>;
  restart(): Promise<void>;
  /** Stops it and removes its store. */
  destroy(): Promise<void>;
}

export interface StartNatsOptions {
  /**
   * Provision the EVENTS stream, the services' durable consumers and the files bucket with the provisioning
   * identity, as `npm run migrate` does (default: yes; options change the consumers' settings).
   */
  provision?: boolean | MessagingProvisionOptions;
}

/**
 * A private nats-server with JetStream on a free loopback port and a temporary store, run with the repository's
 * accounts and permissions (deploy/nats/nats-server.test.conf) and freshly generated identities: two streams may not
 * share subjects on one server, so every test file gets its own.
 */
/** The caller-assertion key each identity's process needs: the gateway signs, the services verify, others none. */
export function callerAssertionKeys(callerKey: CallerAssertionKey): (identity: NatsIdentity) => Record<string, string> {
  return (identity): Record<string, string> =>
    identity === 'gateway'
      ? { CALLER_ASSERTION_PRIVATE_KEY: callerKey.privateKeyPem }
      : (SERVICES as readonly string[]).includes(identity)
        ? { CALLER_ASSERTION_PUBLIC_KEYS: callerKey.publicKey }
        : {};
}

/**
 * A test's own connection to `url` as an identity. It gives up reconnecting after a while (services reconnect
 * forever): one a test forgot to close must not keep Jest alive after its server is gone.
 */
export function testConnectionOptions(
  url: string,
  credentials: NatsCredentials,
): (identity: NatsIdentity, name?: string) => ConnectionOptions {
  return (identity, name = identity) => ({
    ...natsConnectionOptions(
      { NODE_ENV: 'test', NATS_URL: url, NATS_NKEY_SEED: credentials.seeds[identity] },
      identity,
      name,
    ),
    maxReconnectAttempts: 20,
  });
}

export async function startNats(opts: StartNatsOptions = {}): Promise<TestNats> {
  let port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'jlis-nats-'));
  const credentials = ensureNatsCredentials(join(storeDir, 'credentials'), [
    ...NATS_IDENTITIES,
    ...TEST_NATS_IDENTITIES,
  ]);
  // TEST_NATS_LOG_DIR keeps every server's log after the test (permission violations are logged there).
  const logDir = process.env.TEST_NATS_LOG_DIR;
  if (logDir) mkdirSync(logDir, { recursive: true });
  const logFileOf = (p: number) => join(logDir ?? storeDir, logDir ? `nats-${p}.log` : 'nats-server.log');
  const callerKey = ensureCallerAssertionKey(join(storeDir, 'credentials', 'caller-assertion.pem'));
  const callerSigner = () => new CallerAssertionSigner(privateKeyFromPem(callerKey.privateKeyPem));
  const keysFor = callerAssertionKeys(callerKey);
  const spawnOn = (p: number): ChildProcess => {
    const { command, args, env } = natsServerLaunch({
      config: 'test',
      port: p,
      storeDir: join(storeDir, 'store'),
      serverEnv: credentials.serverEnv(),
      logFile: logFileOf(p),
    });
    return spawn(command, args, { stdio: 'ignore', env });
  };
  // The first start takes another port when its own was taken meanwhile (see natsGreets); a restart keeps its port,
  // since clients reconnect to the same URL.
  const launch = async (fixed: boolean): Promise<ChildProcess> => {
    for (let attempt = 1; ; attempt++) {
      const child = spawnOn(port);
      const state = await waitForNats(child, port);
      if (state === 'ready') return child;
      child.kill('SIGKILL');
      if (fixed || attempt >= 5) throw new Error(`nats-server did not answer on 127.0.0.1:${port} (${state})`);
      port = await freePort();
    }
  };
  const first = await launch(false);
  const logFile = logFileOf(port);
  const url = `nats://127.0.0.1:${port}`;
  const options = testConnectionOptions(url, credentials);
  const handle: TestNats = {
    url,
    port,
    storeDir,
    credentials,
    callerKey,
    logFile,
    process: first,
    options,
    connect: (identity, name) => connect(options(identity, name)),
    env: (identity) => ({ NATS_URL: url, NATS_NKEY_SEED: credentials.seeds[identity], ...keysFor(identity) }),
    callerSigner,
    rpcClient: (timeoutMs = 5000) => new RpcClient(options('gateway', 'test-rpc'), timeoutMs, callerSigner()),
    async stop(hard = false) {
      const child = handle.process;
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill(hard ? 'SIGKILL' : 'SIGTERM');
      });
    },
    async restart() {
      await handle.stop();
      handle.process = await launch(true);
    },
    async destroy() {
      await handle.stop(true);
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
  if (opts.provision !== false) {
    try {
      const nc = await handle.connect('provision');
      try {
        await provisionMessaging(nc, typeof opts.provision === 'object' ? opts.provision : {});
      } finally {
        await nc.close();
      }
    } catch (error) {
      await handle.destroy();
      throw error;
    }
  }
  return handle;
}
