import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENTS_STREAM } from '@jlis/contracts';
import {
  CallerAssertionSigner,
  ensureCallerAssertionKey,
  ensureNatsCredentials,
  MessagingProvisionOptions,
  NATS_IDENTITIES,
  natsServerLaunch,
  privateKeyFromPem,
  provisionMessaging,
  RpcClient,
  TEST_NATS_IDENTITIES,
} from '@jlis/runtime';
import { connect } from 'nats';
import { callerAssertionKeys, freePort, testConnectionOptions, TestNats, waitForNats } from './nats-server';

/** One node of a test JetStream cluster. */
export interface NatsClusterNode {
  /** Its server name (`n1`, `n2`, …): what stream info calls the leader and the replicas. */
  name: string;
  port: number;
  process: ChildProcess;
  running(): boolean;
  /** Stops it (SIGKILL when `hard`), keeping its store so `start` brings it back with what it had. */
  stop(hard?: boolean): Promise<void>;
  start(): Promise<void>;
}

/** A TestNats whose URL lists every node of a JetStream cluster, and those nodes one by one. */
export interface TestNatsCluster extends TestNats {
  nodes: NatsClusterNode[];
  node(name: string): NatsClusterNode;
}

export interface StartNatsClusterOptions {
  /** Nodes (default 3: a stream of three replicas survives the loss of any one). */
  size?: number;
  /** Provisioning as startNats does; `replicas` defaults to the cluster's size. */
  provision?: MessagingProvisionOptions;
  /** How long provisioning may wait for the cluster to elect its JetStream meta leader (default 60 s). */
  readyTimeoutMs?: number;
}

/**
 * `size` nats-server processes on loopback routed into one JetStream cluster, each with its own store, all run with
 * the repository's accounts and permissions (deploy/nats/nats-server.test.conf) and one set of freshly generated
 * identities; the EVENTS stream, the consumers and the files bucket are provisioned with as many replicas as nodes.
 */
export async function startNatsCluster(opts: StartNatsClusterOptions = {}): Promise<TestNatsCluster> {
  const size = opts.size ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'jlis-nats-cluster-'));
  const credentials = ensureNatsCredentials(join(dir, 'credentials'), [...NATS_IDENTITIES, ...TEST_NATS_IDENTITIES]);
  const callerKey = ensureCallerAssertionKey(join(dir, 'credentials', 'caller-assertion.pem'));
  const callerSigner = () => new CallerAssertionSigner(privateKeyFromPem(callerKey.privateKeyPem));
  const logDir = process.env.TEST_NATS_LOG_DIR ?? dir;
  mkdirSync(logDir, { recursive: true });
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routePorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const url = ports.map((port) => `nats://127.0.0.1:${port}`).join(',');

  // Each node must be the nats-server answering on its port (a bare TCP accept may be another test's server that took
  // the port freePort() released; see natsGreets).
  const ready = async (child: ChildProcess, port: number) => {
    const state = await waitForNats(child, port);
    if (state !== 'ready') throw new Error(`nats-server did not answer on 127.0.0.1:${port} (${state})`);
  };
  const nodes: NatsClusterNode[] = ports.map((port, i) => {
    const name = `n${i + 1}`;
    const launch = () => {
      const { command, args, env } = natsServerLaunch({
        config: 'test',
        port,
        storeDir: join(dir, name),
        serverEnv: credentials.serverEnv(),
        logFile: join(logDir, `nats-cluster-${port}-${name}.log`),
        cluster: {
          name: 'jlis-test',
          serverName: name,
          port: routePorts[i],
          routes: routePorts.filter((_, j) => j !== i),
        },
      });
      return spawn(command, args, { stdio: 'ignore', env });
    };
    const node: NatsClusterNode = {
      name,
      port,
      process: launch(),
      running: () => node.process.exitCode === null && node.process.signalCode === null,
      async stop(hard = false) {
        if (!node.running()) return;
        await new Promise<void>((resolve) => {
          node.process.once('exit', () => resolve());
          node.process.kill(hard ? 'SIGKILL' : 'SIGTERM');
        });
      },
      async start() {
        if (node.running()) return;
        node.process = launch();
        await ready(node.process, port);
      },
    };
    return node;
  });

  const keysFor = callerAssertionKeys(callerKey);
  const options = testConnectionOptions(url, credentials);
  const cluster: TestNatsCluster = {
    url,
    port: ports[0],
    storeDir: dir,
    credentials,
    callerKey,
    logFile: join(logDir, `nats-cluster-${ports[0]}-n1.log`),
    get process() {
      return nodes[0].process;
    },
    nodes,
    node: (name) => {
      const found = nodes.find((n) => n.name === name);
      if (!found) throw new Error(`no node ${name} in the cluster (${nodes.map((n) => n.name).join(', ')})`);
      return found;
    },
    options,
    connect: (identity, name) => connect(options(identity, name)),
    env: (identity) => ({ NATS_URL: url, NATS_NKEY_SEED: credentials.seeds[identity], ...keysFor(identity) }),
    callerSigner,
    rpcClient: (timeoutMs = 5000) => new RpcClient(options('gateway', 'test-rpc'), timeoutMs, callerSigner()),
    async stop(hard = false) {
      await Promise.all(nodes.map((n) => n.stop(hard)));
    },
    async restart() {
      await cluster.stop();
      await Promise.all(nodes.map((n) => n.start()));
    },
    async destroy() {
      await cluster.stop(true);
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await Promise.all(nodes.map((node) => ready(node.process, node.port)));
    await provisionWhenReady(cluster, { replicas: size, ...opts.provision }, opts.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}

/**
 * Provisions once the cluster answers JetStream requests: until the nodes have found each other and elected a meta
 * leader, JetStream answers "temporarily unavailable" (or not at all), so provisioning is tried again, bounded.
 */
async function provisionWhenReady(
  cluster: TestNatsCluster,
  provision: MessagingProvisionOptions,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const nc = await cluster.connect('provision', 'cluster-provision');
  try {
    for (;;) {
      try {
        await provisionMessaging(nc, provision);
        const info = await (await nc.jetstreamManager()).streams.info(EVENTS_STREAM);
        if (info.cluster?.leader) return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`the NATS cluster elected no stream leader within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await nc.close();
  }
}
