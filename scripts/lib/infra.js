'use strict';
// Finding (or, on a bare machine, starting) the Postgres and NATS the suite needs. Used by `npm start` and `.ci/run`.
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const DATA = path.join(ROOT, '.data');

function portOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitPort(port, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (Date.now() > deadline) throw new Error(`nothing answered on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function which(bin) {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  if (fs.existsSync(base)) {
    const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (fs.existsSync(path.join(base, v, 'bin', 'initdb'))) return path.join(base, v, 'bin');
  }
  const initdb = which('initdb');
  return initdb ? path.dirname(initdb) : null;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a Postgres binary, as the `postgres` user when we are root (Postgres refuses to run as root). */
function runPg(bin, args, opts = {}) {
  const cmd = isRoot ? 'runuser' : bin;
  const full = isRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
  return execFileSync(cmd, full, { stdio: 'pipe', encoding: 'utf8', ...opts });
}

/** Starts a private Postgres cluster under .data/postgres on `port`. */
async function startPrivatePostgres(port) {
  const bin = postgresBinDir();
  if (!bin) {
    throw new Error(
      'No Postgres answers on 127.0.0.1:5432 and no Postgres binaries (initdb, pg_ctl) were found.\n' +
        'Install PostgreSQL (e.g. `apt-get install postgresql`) or set DATABASE_URL to a server you have.',
    );
  }
  const dir = path.join(DATA, 'postgres');
  fs.mkdirSync(DATA, { recursive: true });
  if (isRoot) execFileSync('chown', ['postgres', DATA]);
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    runPg(path.join(bin, 'initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  }
  runPg(path.join(bin, 'pg_ctl'), [
    '-D',
    dir,
    '-l',
    path.join(dir, 'server.log'),
    '-o',
    `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300`,
    '-w',
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/jlis`,
    stop: () => runPg(path.join(bin, 'pg_ctl'), ['-D', dir, '-m', 'fast', 'stop']),
  };
}

/** Starts a private nats-server with JetStream under .data/nats on `port`. */
async function startPrivateNats(port) {
  const bin = which('nats-server') || (fs.existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : null);
  if (!bin) {
    throw new Error(
      'No NATS answers on 127.0.0.1:4222 and no nats-server binary was found.\n' +
        'Install it (e.g. `apt-get install nats-server`) or set NATS_URL to a server with JetStream enabled.',
    );
  }
  const dir = path.join(DATA, 'nats');
  fs.mkdirSync(dir, { recursive: true });
  const child = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
  await waitPort(port);
  return { url: `nats://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** Creates the database named in `url` when missing. */
async function ensureDatabase(url) {
  const { Client } = require('pg');
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1)) || 'jlis';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL / NATS_URL when given; else the loopback defaults when something answers there; else private
 * instances started from the binaries on this machine. Returns the URLs and a stop function.
 */
async function provideInfrastructure(log = console.log) {
  const stops = [];
  let databaseUrl = process.env.DATABASE_URL;
  let natsUrl = process.env.NATS_URL;
  if (!databaseUrl) {
    if (await portOpen(5432)) databaseUrl = 'postgres://postgres@127.0.0.1:5432/jlis';
    else {
      log('Postgres: nothing on 127.0.0.1:5432 — starting a private cluster in .data/postgres on port 54329');
      const pg = await startPrivatePostgres(54329);
      databaseUrl = pg.url;
      stops.push(pg.stop);
    }
  }
  await ensureDatabase(databaseUrl);
  if (!natsUrl) {
    if (await portOpen(4222)) natsUrl = 'nats://127.0.0.1:4222';
    else {
      log('NATS: nothing on 127.0.0.1:4222 — starting a private nats-server -js in .data/nats on port 42229');
      const nats = await startPrivateNats(42229);
      natsUrl = nats.url;
      stops.push(nats.stop);
    }
  }
  return {
    databaseUrl,
    natsUrl,
    stop: () =>
      stops.reverse().forEach((s) => {
        try {
          s();
        } catch {
          /* already stopped */
        }
      }),
  };
}

module.exports = { ROOT, DATA, portOpen, waitPort, provideInfrastructure, ensureDatabase };
