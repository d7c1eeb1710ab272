'use strict';
// Shared pieces of the benchmarks: private infrastructure, compiled services as child processes, a closed-loop
// and an open-loop HTTP load generator, and percentile summaries. Everything runs on loopback only.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { serviceMain, serviceNodeFlags } = require('../scripts/lib/build');

const ROOT = path.resolve(__dirname, '..');
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = require('node:net').createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(probe, timeoutMs = 30000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function runtime() {
  return require('@jlis/runtime');
}

/**
 * A private nats-server run with the repository's test configuration (deploy/nats/nats-server.test.conf: the
 * production identities plus replay and bench), freshly generated identities, and the stream, consumers and bucket
 * provisioned as `npm run migrate` does. `env(identity)` is what a process connecting as that identity needs.
 */
async function privateNats() {
  const rt = runtime();
  const { SERVICES } = require('@jlis/contracts');
  const { connect } = require('nats');
  const port = await freePort();
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'jlis-bench-nats-'));
  const credentials = rt.ensureNatsCredentials(path.join(store, 'credentials'), [
    ...rt.NATS_IDENTITIES,
    ...rt.TEST_NATS_IDENTITIES,
  ]);
  const launch = rt.natsServerLaunch({
    config: 'test',
    port,
    storeDir: path.join(store, 'store'),
    serverEnv: credentials.serverEnv(),
  });
  const child = spawn(launch.command, launch.args, { stdio: 'ignore', env: launch.env });
  const url = `nats://127.0.0.1:${port}`;
  const callerKey = rt.ensureCallerAssertionKey(path.join(store, 'credentials', 'caller-assertion.pem'));
  const options = (identity, name = identity) =>
    rt.natsConnectionOptions(
      { NODE_ENV: 'test', NATS_URL: url, NATS_NKEY_SEED: credentials.seeds[identity] },
      identity,
      name,
    );
  const destroy = () => {
    child.kill('SIGKILL');
    fs.rmSync(store, { recursive: true, force: true });
  };
  try {
    await waitFor(
      () =>
        new Promise((res) =>
          require('node:net')
            .connect(port, '127.0.0.1')
            .on('connect', function () {
              this.destroy();
              res(true);
            })
            .on('error', () => res(false)),
        ),
      10000,
      'nats-server',
    );
    const nc = await connect(options('provision'));
    await rt.provisionMessaging(nc);
    await nc.close();
  } catch (error) {
    destroy();
    throw error;
  }
  return {
    url,
    options,
    env: (identity) => ({
      NATS_URL: url,
      NATS_NKEY_SEED_FILE: credentials.seedFile(identity),
      ...(identity === 'gateway' ? { CALLER_ASSERTION_PRIVATE_KEY_FILE: callerKey.privateKeyFile } : {}),
      ...(SERVICES.includes(identity) ? { CALLER_ASSERTION_PUBLIC_KEYS: callerKey.publicKey } : {}),
    }),
    /** Signs callers as the gateway does (for requests the bench sends straight to a service). */
    signer: () => new rt.CallerAssertionSigner(rt.privateKeyFromPem(callerKey.privateKeyPem)),
    destroy,
  };
}

/** A throwaway database on the machine's Postgres and a private nats-server: benchmarks never touch shared state. */
async function privateInfra() {
  const name = `jlis_bench_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${name}`;
  // One role per service owning its schema, as `npm run migrate` makes them (local trust: no passwords).
  const rt = runtime();
  let nats;
  try {
    await rt.provisionServiceRoles(dbUrl.toString(), rt.defaultServiceDatabases(dbUrl.toString()));
    nats = await privateNats();
  } catch (error) {
    // Provisioning refused (a shared Postgres out of connection slots, say): the database just made goes too.
    const c = new Client({ connectionString: ADMIN_URL });
    await c
      .connect()
      .then(() => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
      .catch(() => {});
    await c.end().catch(() => {});
    throw error;
  }
  return {
    databaseName: name,
    databaseUrl: dbUrl.toString(),
    serviceDatabaseUrl: (service) => rt.serviceDatabaseUrl(dbUrl.toString(), service),
    natsUrl: nats.url,
    nats,
    async destroy() {
      nats.destroy();
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Starts a compiled service (`npm run build` first) with its own NATS identity and Postgres role (of `infra`,
 * privateInfra's) and resolves when it answers: the gateway when it logs that it listens, a domain service when it
 * answers `health.<service>` on NATS (asked as the gateway, whatever LOG_LEVEL, so a benchmark can run the services at
 * `warn` and not pay for request logs).
 */
function startProcess(service, env, infra) {
  const { nats } = infra;
  env = {
    ...env,
    ...nats.env(service),
    ...(service === 'gateway' ? {} : { DATABASE_URL: infra.serviceDatabaseUrl(service) }),
  };
  const main = serviceMain(service);
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first.`);
  const child = spawn(
    process.execPath,
    [...serviceNodeFlags(service), ...(env.NODE_ARGS ? env.NODE_ARGS.split(' ') : []), main],
    {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  // SIM_LOG_DIR=<dir>: every line of the process is also kept in <dir>/<service>.log (to see why a run failed).
  const file = process.env.SIM_LOG_DIR
    ? fs.createWriteStream(path.join(process.env.SIM_LOG_DIR, `${service}.log`), { flags: 'a' })
    : undefined;
  const keep = (d) => {
    file?.write(d);
    log = (log + d).slice(-8000);
  };
  child.stderr.on('data', keep);
  child.stdout.on('data', keep);
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      if (error) child.kill('SIGKILL'); // a service that did not start is not left running
      if (error) reject(error);
      else resolve(child);
    };
    const timer = setTimeout(() => done(new Error(`${service} did not start:\n${log.slice(-2000)}`)), 60000);
    const onExit = (code) => done(new Error(`${service} exited with ${code}:\n${log.slice(-2000)}`));
    child.on('exit', onExit);
    if (service === 'gateway') {
      child.stdout.on('data', () => /listening on/.test(log) && done());
      return;
    }
    const { connect } = require('nats');
    (async () => {
      const nc = await connect(nats.options('gateway', 'bench-health'));
      try {
        while (!settled) {
          const ok = await nc
            .request(`health.${service}`, '', { timeout: 500 })
            .then((m) => JSON.parse(new TextDecoder().decode(m.data)).pid === child.pid)
            .catch(() => false);
          if (ok) return done();
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        await nc.close();
      }
    })().catch(done);
  });
}

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode,
            body: text && res.headers['content-type']?.includes('json') ? JSON.parse(text) : text,
          });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarize(latenciesMs, elapsedMs, errors = 0) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 100) / 100;
  return {
    requests: sorted.length,
    errors,
    throughput: r((sorted.length / elapsedMs) * 1000),
    p50: r(percentile(sorted, 50)),
    p90: r(percentile(sorted, 90)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted[sorted.length - 1] ?? NaN),
  };
}

/** Closed loop: `concurrency` workers each send requests back to back for `durationMs`. */
async function closedLoop({ concurrency, durationMs, next }) {
  const latencies = [];
  let errors = 0;
  const started = Date.now();
  const end = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint();
        const ok = await next().catch(() => false);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (ok) latencies.push(ms);
        else errors++;
      }
    }),
  );
  return summarize(latencies, Date.now() - started, errors);
}

/** Open loop: `total` requests started at `ratePerSecond` whatever the answers; `send(i)` resolves truthy on success. */
async function openLoop({ ratePerSecond, total, send }) {
  const latencies = [];
  let errors = 0;
  const started = Date.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / ratePerSecond - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = process.hrtime.bigint();
    inflight.push(
      Promise.resolve()
        .then(() => send(i))
        .then(
          (ok) => (ok ? latencies.push(Number(process.hrtime.bigint() - t0) / 1e6) : errors++),
          () => errors++,
        ),
    );
  }
  await Promise.all(inflight);
  return summarize(latencies, Date.now() - started, errors);
}

/** Runs `node bench/baseline.js <args>` (as the test-only bench identity) and resolves when it says it is ready. */
function startBaseline(args, nats) {
  const child = spawn(process.execPath, [path.join(__dirname, 'baseline.js'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...nats.env('bench') },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (/ready|listening on/.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`baseline ${args[0]} exited with ${code}`)));
  });
}

/**
 * CPU seconds used so far by each named pid, by the Postgres backends serving `database` (the machine's Postgres is
 * shared, so other databases' backends are left out; the services' pooled connections live for the whole run), by
 * every nats-server (the bench's own; none other runs here), and by the whole machine (busy and total, all cores).
 */
function cpuSnapshot(pids, database) {
  const ticks = (pid) => {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      return (Number(rest[11]) + Number(rest[12])) / 100;
    } catch {
      return 0;
    }
  };
  const out = {};
  for (const [name, pid] of Object.entries(pids)) if (pid) out[name] = ticks(pid);
  out.postgres = 0;
  out['nats-server'] = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let comm;
    let cmdline = '';
    try {
      comm = fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim();
      if (comm === 'postgres') cmdline = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (comm === 'nats-server') out[comm] += ticks(d);
    else if (comm === 'postgres' && database && cmdline.includes(` ${database} `)) out.postgres += ticks(d);
  }
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  out.machineBusy = (cpu.reduce((a, b) => a + b, 0) - cpu[3] - cpu[4]) / 100;
  out.machineTotal = cpu.reduce((a, b) => a + b, 0) / 100;
  out.at = Date.now();
  return out;
}

/** CPU seconds per process between two snapshots, and how busy the whole machine was (all cores, other work too). */
function cpuDelta(a, b) {
  const out = {};
  for (const k of Object.keys(b))
    if (!['at', 'machineBusy', 'machineTotal'].includes(k)) out[k] = Math.round((b[k] - (a[k] ?? 0)) * 100) / 100;
  return {
    wallSeconds: Math.round(((b.at - a.at) / 1000) * 100) / 100,
    cpuSeconds: out,
    machineBusyPercent:
      Math.round(((b.machineBusy - a.machineBusy) / Math.max(0.01, b.machineTotal - a.machineTotal)) * 1000) / 10,
  };
}

module.exports = {
  cpuSnapshot,
  cpuDelta,
  openLoop,
  startBaseline,
  ROOT,
  freePort,
  waitFor,
  privateInfra,
  privateNats,
  startProcess,
  rssMb,
  request,
  summarize,
  closedLoop,
  percentile,
};
