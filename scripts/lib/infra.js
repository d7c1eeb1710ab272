'use strict';
// Finding (or, on a bare machine, starting) the Postgres and NATS the suite needs, with development credentials and
// provisioning. Used by `npm start` and `npm run migrate`; needs the build (it loads the compiled @jlis/runtime).
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

/** A port nothing listens on (the kernel's pick). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
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

const { exitOnConfigError, retentionSettings } = require('./settings');

function runtime() {
  return require('@jlis/runtime');
}

/**
 * Development credentials, generated on first use under .data/credentials (ignored by git, never committed: a
 * committed secret would be a default secret again), or under `dir`: an nkey seed per NATS identity (`server.env`
 * beside them holds the public keys, for running a nats-server of your own with deploy/nats/nats-server.conf), and
 * the gateway's caller-assertion key (`caller-assertion.pem`, its public key in `caller-assertion.pub`).
 */
function devCredentials(dir = path.join(DATA, 'credentials')) {
  const rt = runtime();
  const nats = rt.ensureNatsCredentials(path.join(dir, 'nats'), rt.NATS_IDENTITIES);
  const lines = Object.entries(nats.serverEnv()).map(([name, key]) => `${name}=${key}`);
  fs.writeFileSync(path.join(nats.dir, 'server.env'), `${lines.join('\n')}\n`);
  const callerKey = rt.ensureCallerAssertionKey(path.join(dir, 'caller-assertion.pem'));
  const publicKeyFile = path.join(dir, 'caller-assertion.pub');
  fs.writeFileSync(publicKeyFile, `${callerKey.publicKey}\n`);
  return { nats, callerKey: { ...callerKey, publicKeyFile } };
}

/**
 * Each service's own database connection: `<SERVICE>_DATABASE_URL` when set (production: its role and password),
 * else its development role `jlis_<service>` on the admin's database, without a password (local trust).
 */
function serviceDatabases(adminUrl) {
  const rt = runtime();
  return ['intake', 'documents', 'cards', 'access', 'notifications'].map((service) => ({
    schema: service,
    url: process.env[`${service.toUpperCase()}_DATABASE_URL`] || rt.serviceDatabaseUrl(adminUrl, service),
  }));
}

/**
 * Creates or updates each service's role (with the password of its URL, if any) and hands it its schema, through the
 * admin connection `adminUrl`. Returns the services' connections.
 */
async function provisionDatabase(adminUrl) {
  const databases = serviceDatabases(adminUrl);
  await runtime().provisionServiceRoles(adminUrl, databases);
  return databases;
}

/**
 * What one process of the suite needs of the development credentials: its NATS seed and, for the gateway, the key it
 * signs callers with; for a service, the public key it verifies them with.
 */
function credentialEnv(credentials, name) {
  return {
    NATS_NKEY_SEED_FILE: credentials.nats.seedFile(name),
    ...(name === 'gateway'
      ? { CALLER_ASSERTION_PRIVATE_KEY_FILE: credentials.callerKey.privateKeyFile }
      : { CALLER_ASSERTION_PUBLIC_KEYS: credentials.callerKey.publicKey }),
  };
}

/** Starts a private nats-server with the repository's accounts and permissions, JetStream under .data/nats. */
async function startPrivateNats(port, credentials) {
  const dir = path.join(DATA, 'nats');
  fs.mkdirSync(dir, { recursive: true });
  const launch = runtime().natsServerLaunch({
    config: 'production',
    port,
    storeDir: dir,
    serverEnv: credentials.nats.serverEnv(),
    logFile: path.join(dir, 'nats-server.log'),
  });
  if (!which(launch.command) && !fs.existsSync(launch.command)) {
    throw new Error(
      'No nats-server binary was found to run NATS with the repository configuration (deploy/nats).\n' +
        'Install it (e.g. `apt-get install nats-server`) or set NATS_URL to a server run with deploy/nats/nats-server.conf.',
    );
  }
  const child = spawn(launch.command, launch.args, { stdio: 'ignore', env: launch.env });
  const exited = new Promise((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`nats-server exited with ${code}; its log: ${path.join(dir, 'nats-server.log')}`)),
    ),
  );
  await Promise.race([waitPort(port), exited]);
  return { url: `nats://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/**
 * Creates or updates what only the provisioning identity may create: the EVENTS stream, the services' durable
 * consumers and the files bucket. `seed` is the provisioning identity's nkey seed.
 */
async function provisionNats(natsUrl, seed, retention = retentionSettings()) {
  const rt = runtime();
  const { connect } = require('nats');
  const settings = { NODE_ENV: 'development', NATS_URL: natsUrl, NATS_NKEY_SEED: seed };
  const nc = await connect({
    ...rt.natsConnectionOptions(settings, 'provision', 'provision'),
    maxReconnectAttempts: 5,
  });
  try {
    await rt.provisionMessaging(nc, {
      eventsMaxAgeMs: retention.eventsMaxAgeMs,
      replicas: retention.NATS_STREAM_REPLICAS,
    });
  } finally {
    await nc.close();
  }
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
 * DATABASE_URL when given, else Postgres on 127.0.0.1:5432 when something answers there, else a private cluster.
 * NATS_URL when given, else a private nats-server run with deploy/nats/nats-server.conf and the development
 * identities (the machine's shared NATS on 4222 has no accounts, so it is never used). Returns the URLs, the
 * development credentials when it made or used them, and a stop function.
 */
async function provideInfrastructure(log = console.log) {
  let credentials;
  const stops = [];
  const stop = () =>
    stops.reverse().forEach((s) => {
      try {
        s();
      } catch {
        /* already stopped */
      }
    });
  let databaseUrl = process.env.DATABASE_URL;
  let natsUrl = process.env.NATS_URL;
  try {
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
      // 42229 unless taken (another worktree's `npm start`, say): then any free port; the services are told the URL.
      const port = (await portOpen(42229)) ? await freePort() : 42229;
      credentials = devCredentials();
      log(
        `NATS: starting a private nats-server with deploy/nats/nats-server.conf (JetStream in .data/nats, port ${port})`,
      );
      const nats = await startPrivateNats(port, credentials);
      natsUrl = nats.url;
      stops.push(nats.stop);
    }
  } catch (error) {
    // What was started before the failure does not outlive it.
    stop();
    throw error;
  }
  return { databaseUrl, natsUrl, credentials, stop };
}

module.exports = {
  ROOT,
  DATA,
  portOpen,
  waitPort,
  devCredentials,
  credentialEnv,
  provideInfrastructure,
  exitOnConfigError,
  provisionDatabase,
  provisionNats,
  retentionSettings,
  ensureDatabase,
};
