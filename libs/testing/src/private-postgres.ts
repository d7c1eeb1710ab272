import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceName } from '@jlis/contracts';
import { defaultServiceDatabases, provisionServiceRoles, serviceDatabaseUrl } from '@jlis/runtime';
import { freePort, waitForPort } from './nats-server';

export interface PrivatePostgres {
  /** The superuser's connection to the cluster's `postgres` database. */
  url: string;
  /** A service's own connection: its role (provisioned at start) on that database. */
  serviceUrl(service: ServiceName): string;
  port: number;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): Promise<void>;
  restart(): Promise<void>;
  destroy(): void;
}

function binDir(): string {
  const base = '/usr/lib/postgresql';
  const version = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version) throw new Error('Postgres binaries (initdb, pg_ctl) not found under /usr/lib/postgresql');
  return join(base, version, 'bin');
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a Postgres binary, as the postgres user when we are root (Postgres refuses root). */
function pg(bin: string, args: string[]): void {
  const exe = join(binDir(), bin);
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', exe, ...args], { stdio: 'pipe' });
  else execFileSync(exe, args, { stdio: 'pipe' });
}

/**
 * A throwaway Postgres cluster of its own (initdb in a temp folder, a free port), for tests that stop and restart
 * the database: the machine's shared server is never touched.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'jlis-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const handle: PrivatePostgres = {
    url,
    serviceUrl: (service) => serviceDatabaseUrl(url, service),
    port,
    async start() {
      pg('pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`,
        '-w',
        // pg_ctl waits 60 s by default; a loaded machine (several suites at once) has been seen to need more.
        '-t',
        '180',
        'start',
      ]);
      await waitForPort(port);
    },
    stop(mode = 'fast') {
      try {
        pg('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      } catch {
        /* already stopped */
      }
    },
    async restart() {
      handle.stop('immediate');
      await handle.start();
    },
    destroy() {
      handle.stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await handle.start();
  try {
    await provisionServiceRoles(handle.url, defaultServiceDatabases(handle.url));
  } catch (error) {
    handle.destroy();
    throw error;
  }
  return handle;
}
