'use strict';
// `npm run simulate -- --count N [--concurrency C] [--per-contractor K] [--base URL] [--offset I] [--change 0] [--no-retry]`
// Walks N local governments from the directory (several sharing one contractor) through A-1 … A-12 and an A-13
// system change (`--change 0` leaves it out) concurrently; `--no-retry` sends every request once, each dependent one
// right after its predecessor answered, and counts any refusal as a failure (read-your-writes, docs/api.md),
// through the gateway's HTTP API. Against --base (default: http://127.0.0.1:3000 when a suite answers there — so it
// doubles as demo data for `npm start`), else against a private suite it starts and removes (throwaway database and
// nats-server, services as processes, mails as .eml files). Prints a progress bar and a summary.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createPortalClient } = require('@jlis/portal-client');
const { Api, prepare, walk, token } = require('./lib/walk');

function args() {
  const out = { count: 10, concurrency: 40, perContractor: 25, offset: 0, change: 1 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
    if (key === 'noRetry') {
      out.noRetry = true;
      i--;
      continue;
    }
    out[key] = key === 'base' ? argv[i + 1] : Number(argv[i + 1]);
  }
  return out;
}

function organizations(count, offset) {
  const csv = fs
    .readFileSync(path.join(__dirname, '..', 'apps/intake/data/local-governments.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const all = csv
    .map((l) => l.split(','))
    .filter((c) => c[4] !== 'ward')
    .map(([code, , name]) => ({ code, name }));
  return all.slice(offset, offset + count);
}

function bar(done, failed, total, started) {
  const width = 30;
  const filled = Math.round(((done + failed) / total) * width);
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done + failed}/${total} done, ${failed} failed, ${secs} s `,
  );
}

async function answers(base) {
  try {
    // The readiness check is in the contract too: asked through the same generated client as every walk request.
    const { response } = await createPortalClient({ baseUrl: base }).GET('/health/ready', { parseAs: 'text' });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function privateSuite() {
  const L = require('../bench/lib');
  const infra = await L.privateInfra();
  const port = await L.freePort();
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jlis-sim-mail-'));
  const env = {
    DATABASE_URL: infra.databaseUrl,
    NATS_URL: infra.natsUrl,
    MAIL_OUT_DIR: mailDir,
    RATE_LIMIT_PER_MINUTE: '0',
    // The walk signs in with development tokens (scripts/lib/walk.js).
    AUTH_MODE: 'development',
    PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  const procs = [];
  const stop = async () => {
    procs.forEach((p) => p.kill('SIGTERM'));
    await new Promise((r) => setTimeout(r, 1000));
    await infra.destroy();
    fs.rmSync(mailDir, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    for (const s of ['intake', 'documents', 'cards', 'access', 'notifications', 'gateway'])
      procs.push(await L.startProcess(s, env, infra));
    await L.waitFor(() => answers(base), 60000, 'suite ready');
  } catch (error) {
    // A suite that did not start leaves nothing behind: its processes, database and nats-server go.
    await stop();
    throw error;
  }
  // Where the CPU goes during the walk: each service's process, Postgres (the suite's database) and nats-server.
  const names = ['intake', 'documents', 'cards', 'access', 'notifications', 'gateway'];
  const cpu = () =>
    L.cpuSnapshot(
      { ...Object.fromEntries(procs.map((p, i) => [names[i], p.pid])), simulate: process.pid },
      infra.databaseName,
    );
  return { base, mailDir, stop, cpu, cpuDelta: L.cpuDelta };
}

let stopOnFailure;

async function main() {
  const opts = args();
  let base = opts.base;
  let suite;
  if (!base) {
    if (await answers('http://127.0.0.1:3000')) base = 'http://127.0.0.1:3000';
    else {
      process.stderr.write(
        'No suite answers on http://127.0.0.1:3000: starting a private one (build first: npm run build)…\n',
      );
      suite = await privateSuite();
      base = suite.base;
      // A failure after this point (preparation refused, say) still stops the private suite and drops its database:
      // it once left six services and a database holding 20 connections of a shared Postgres behind.
      stopOnFailure = suite.stop;
    }
  }
  const api = new Api(base, { noRetry: !!opts.noRetry });
  const orgs = organizations(opts.count, opts.offset);
  const started = Date.now();
  const shared = await prepare(api, {
    organizations: orgs,
    perContractor: opts.perContractor,
    log: (m) => process.stderr.write(`${m}\n`),
  });
  const prepared = Date.now();
  const timings = {};
  const errors = [];
  const cpuAtStart = suite?.cpu();
  let done = 0;
  let next = 0;
  const ids = [];
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency, orgs.length) }, async () => {
      while (next < orgs.length) {
        const i = next++;
        try {
          ids.push(await walk(api, shared, orgs[i], i, timings, { change: opts.change !== 0 }));
          done++;
        } catch (error) {
          errors.push({ organization: orgs[i].code, error: error.message });
        }
        bar(done, errors.length, orgs.length, started);
      }
    }),
  );
  process.stderr.write('\n');
  const elapsed = (Date.now() - started) / 1000;
  const walkCpu = suite ? suite.cpuDelta(cpuAtStart, suite.cpu()) : undefined;
  // Mails are counted once every outbox and consumer has drained: wait until the count stops moving.
  const operator = await token({ role: 'operator' }, 'sim-operator');
  let mails = -1;
  for (let last = -2, stable = 0; stable < 3;) {
    await new Promise((r) => setTimeout(r, 1000));
    const page = await api
      .call('GET', '/api/v1/notifications?limit=1', { token: operator })
      .catch(() => ({ total: -1 }));
    mails = page.total;
    stable = mails === last ? stable + 1 : 0;
    last = mails;
  }
  const pct = (arr, p) => (arr.length ? arr[Math.min(arr.length - 1, Math.floor((p / 100) * arr.length))] : NaN);
  const steps = Object.fromEntries(
    Object.entries(timings).map(([k, v]) => {
      const s = [...v].sort((a, b) => a - b);
      return [k, { n: s.length, p50: pct(s, 50), p90: pct(s, 90), p99: pct(s, 99), max: s[s.length - 1] }];
    }),
  );
  const errorsByCode = {};
  // Which request gave which refusal: the route with its ids replaced, and the code.
  const errorsByRequest = {};
  for (const e of errors) {
    const code = /→ (\d+ [A-Z_]+)/.exec(e.error)?.[1] ?? e.error.slice(0, 60);
    errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
    const request = /^([A-Z]+ \S+) →/
      .exec(e.error)?.[1]
      ?.replace(/[0-9a-f-]{36}/g, '{id}')
      .replace(/\?.*$/, '');
    const where = `${request ?? '?'} ${code}`;
    errorsByRequest[where] = (errorsByRequest[where] ?? 0) + 1;
  }
  const summary = {
    at: new Date(started).toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    command: `npm run simulate -- ${process.argv.slice(2).join(' ')}`.trim(),
    count: orgs.length,
    concurrency: opts.concurrency,
    noRetry: !!opts.noRetry,
    contractors: shared.contractors.length,
    completed: done,
    failed: errors.length,
    seconds: elapsed,
    // Of which: contractors, their connections and the test cards prepared before the first walk.
    prepareSeconds: (prepared - started) / 1000,
    casesPerMinute: Math.round((done / elapsed) * 60),
    mailsStored: mails,
    steps,
    // Every request the walks sent, and what they waited out (150 ms a time) by code.
    requests: api.requests,
    waits: api.waits,
    // CPU seconds per process while walking (a private suite only; nats-server counts every one on the machine).
    walkCpu,
    errorsByCode,
    errorsByRequest,
    errors: errors.slice(0, 20),
  };
  console.log(JSON.stringify(summary, null, 2));
  if (suite) await suite.stop();
  process.exit(errors.length ? 1 : 0);
}

main().catch(async (e) => {
  console.error(e);
  await stopOnFailure?.().catch(() => {});
  process.exit(1);
});
