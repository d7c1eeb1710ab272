import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** deploy/nats of this repository, found upwards from here (the same from src/ under Jest and from dist/). */
export function natsConfigDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'deploy', 'nats');
    if (existsSync(join(candidate, 'nats-server.conf'))) return candidate;
  }
  throw new Error('deploy/nats/nats-server.conf was not found above ' + __dirname);
}

export interface NatsServerLaunchOptions {
  /** `production`: deploy/nats/nats-server.conf; `test`: nats-server.test.conf (adds the test-only identities). */
  config: 'production' | 'test';
  host?: string;
  port: number;
  storeDir: string;
  /** NATS_PUBKEY_<IDENTITY> of every identity the configuration names (NatsCredentials.serverEnv()). */
  serverEnv: Record<string, string>;
  logFile?: string;
  /**
   * A node of a JetStream cluster: its server name, the cluster's name, the port it takes routes on and the route
   * ports of the other nodes (a JetStream cluster needs a unique server name per node).
   */
  cluster?: { name: string; serverName: string; port: number; routes: number[]; host?: string };
}

/** The command line and environment that run nats-server with the repository's accounts and permissions. */
export function natsServerLaunch(opts: NatsServerLaunchOptions): {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
} {
  const file = opts.config === 'test' ? 'nats-server.test.conf' : 'nats-server.conf';
  const args = ['-c', join(natsConfigDir(), file), '-a', opts.host ?? '127.0.0.1', '-p', String(opts.port)];
  args.push('-js', '-sd', opts.storeDir);
  if (opts.logFile) args.push('-l', opts.logFile);
  if (opts.cluster) {
    const host = opts.cluster.host ?? opts.host ?? '127.0.0.1';
    args.push('--name', opts.cluster.serverName, '--cluster_name', opts.cluster.name);
    args.push('--cluster', `nats://${host}:${opts.cluster.port}`);
    args.push('--routes', opts.cluster.routes.map((port) => `nats://${host}:${port}`).join(','));
  }
  const command =
    process.env.NATS_SERVER_BIN ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');
  return { command, args, env: { PATH: process.env.PATH ?? '', ...opts.serverEnv } };
}
