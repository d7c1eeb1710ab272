'use strict';
// Shared pieces of the benchmarks: private infrastructure, compiled services as child processes, a closed-loop
// and an open-loop HTTP load generator, and percentile summaries. Everything runs on loopback only.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

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

/** A throwaway database on the machine's Postgres and a private nats-server: benchmarks never touch shared state. */
async function privateInfra() {
  const name = `jlis_bench_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${name}`;
  const natsPort = await freePort();
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'jlis-bench-nats-'));
  const nats = spawn(process.env.NATS_SERVER_BIN || 'nats-server', ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', store], {
    stdio: 'ignore',
  });
  await waitFor(() => new Promise((res) => require('node:net').connect(natsPort, '127.0.0.1').on('connect', function () {
    this.destroy();
    res(true);
  }).on('error', () => res(false))), 10000, 'nats-server');
  return {
    databaseUrl: dbUrl.toString(),
    natsUrl: `nats://127.0.0.1:${natsPort}`,
    async destroy() {
      nats.kill('SIGKILL');
      fs.rmSync(store, { recursive: true, force: true });
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Starts a compiled service (`npm run build` first) and resolves when it logged `ready` (or the gateway listens). */
function startProcess(service, env) {
  const main = path.join(ROOT, 'dist', 'apps', service, 'src', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first.`);
  const child = spawn(process.execPath, [main], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${service} did not start:\n${log.slice(-2000)}`)), 60000);
    child.stdout.on('data', (d) => {
      log += d;
      if (/"msg":"ready"|listening on/.test(log)) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`${service} exited with ${code}:\n${log.slice(-2000)}`)));
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
    const req = http.request(url, { method, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, body: text && res.headers['content-type']?.includes('json') ? JSON.parse(text) : text });
      });
    });
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

module.exports = { ROOT, freePort, waitFor, privateInfra, startProcess, rssMb, request, summarize, closedLoop, percentile };
