'use strict';
// `npm run bench`: measures the suite against a raw baseline in the same run (see docs/benchmarks.md).
// Everything runs on loopback against a throwaway database and a private nats-server; it stops by itself.
// Options (env): BENCH_SECONDS (per phase, default 10), BENCH_CONCURRENCY (read path, default 32),
// BENCH_WRITE_RATES (open-loop cases/s of the write phases, default 200,100,50), BENCH_WRITE_SECONDS (each, default 4), BENCH_WALKS (concurrent whole-procedure walks, default 20),
// BENCH_WRITE_TOTAL (POSTs in the write phase, default rate × seconds, at most the directory),
// BENCH_SKIP (comma list: rss,write,read,walk,cards), BENCH_PROFILE=1 (--cpu-prof the gateway and intake into
// bench/results/profiles and print where their time goes), BENCH_COUNT_QUERIES=1 (statements each service sends to
// Postgres per case of the write phase, bench/query-counter.js).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SMTPServer } = require('smtp-server');
const { connect, headers: natsHeaders, StringCodec } = require('nats');
const L = require('./lib');
const W = require('../scripts/lib/walk');

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 32);
const WRITE_RATES = (process.env.BENCH_WRITE_RATES || '200,100,50').split(',').map(Number);
const WRITE_SECONDS = Number(process.env.BENCH_WRITE_SECONDS || 4);
const WALKS = Number(process.env.BENCH_WALKS || 20);
const SKIP = new Set((process.env.BENCH_SKIP || '').split(',').filter(Boolean));
const PROFILE = process.env.BENCH_PROFILE === '1';
const COUNT_QUERIES = process.env.BENCH_COUNT_QUERIES === '1';
const SERVICES = ['intake', 'documents', 'cards', 'access', 'notifications'];
const RESULTS = path.join(__dirname, 'results');
const PROFILES = path.join(RESULTS, 'profiles');
const r2 = (x) => Math.round(x * 100) / 100;
const log = (m) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

/** Cases intake has committed so far (BENCH_COUNT_QUERIES: statements are counted per committed case). */
async function committedCases(databaseUrl) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query('SELECT count(*)::int AS n FROM intake.application')).rows[0].n;
  } finally {
    await client.end();
  }
}

function organizations() {
  const csv = fs
    .readFileSync(path.join(L.ROOT, 'apps/intake/data/local-governments.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return csv
    .map((l) => l.split(','))
    .filter((c) => c[4] !== 'ward')
    .map(([code, prefecture, name]) => ({ code, prefecture, name }));
}

/** An SMTP server that records when each A-1 mail arrived, keyed by the `bench<n>@` of its Reply-To. */
async function mailSink() {
  const port = await L.freePort();
  const arrivals = new Map();
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (d) => (raw += d));
      stream.on('end', () => {
        const at = Date.now();
        count++;
        // The subject and body are MIME-encoded; the A-1 mail's Reply-To header names the applicant in plain ASCII.
        const m = /^Reply-To:[^\r\n]*bench(\d+)@/im.exec(raw);
        if (m && !arrivals.has(m[1])) arrivals.set(m[1], at);
        cb();
      });
    },
  });
  server.on('error', () => undefined); // a client reset mid-session is not the sink's failure
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    count: () => count,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** Sums self time per function (and per package) from a .cpuprofile: where a process spent its CPU. */
function profileSummary(file, top = 15) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = prof.timeDeltas;
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) || 0) + (dt[i] || 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map();
  const pkg = new Map();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url.replace(/^file:\/\//, '').replace(L.ROOT + '/', '');
    const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
    fn.set(key, (fn.get(key) || 0) + us);
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
    const p = m
      ? m[1]
      : /^(apps|libs)\/[^/]+\/dist\//.test(where)
        ? 'our code (dist)'
        : where.startsWith('node:')
          ? 'node core'
          : where
            ? where
            : functionName.startsWith('(')
              ? functionName
              : 'native/V8';
    pkg.set(p, (pkg.get(p) || 0) + us);
  }
  const pct = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => [k, `${r2((us / total) * 100)} %`]);
  return { totalSeconds: r2(total / 1e6), byPackage: pct(pkg), byFunction: pct(fn) };
}

async function main() {
  const infra = await L.privateInfra();
  const sink = await mailSink();
  const port = await L.freePort();
  const env = {
    NODE_ENV: 'development',
    AUTH_MODE: 'development',
    DATABASE_URL: infra.databaseUrl,
    NATS_URL: infra.natsUrl,
    SMTP_URL: sink.url,
    JLIS_MAILBOX: 'bench@j-lis.test',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    PORT: String(port),
  };
  if (PROFILE) fs.mkdirSync(PROFILES, { recursive: true });
  const queryDir = COUNT_QUERIES ? fs.mkdtempSync(path.join(os.tmpdir(), 'jlis-bench-queries-')) : undefined;
  const profEnv = (s) => {
    const args = [
      ...(COUNT_QUERIES ? [`-r ${path.join(__dirname, 'query-counter.js')}`] : []),
      ...(PROFILE && ['gateway', 'intake'].includes(s)
        ? [
            `-r ${path.join(__dirname, 'profile-preload.js')} --cpu-prof --cpu-prof-dir=${PROFILES} --cpu-prof-name=${s}.cpuprofile`,
          ]
        : []),
    ];
    return args.length ? { NODE_ARGS: args.join(' '), ...(queryDir ? { BENCH_QUERY_DIR: queryDir } : {}) } : {};
  };
  /** Statements each service has sent to Postgres so far (BENCH_COUNT_QUERIES=1; bench/query-counter.js). */
  const queryCounts = () =>
    Object.fromEntries(
      Object.entries(procs).map(([name, p]) => {
        try {
          return [name, JSON.parse(fs.readFileSync(path.join(queryDir, `${p.pid}.json`), 'utf8')).count];
        } catch {
          return [name, 0];
        }
      }),
    );
  const procs = {};
  const helpers = [];
  const results = {
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    at: new Date().toISOString(),
    command: 'npm run bench',
    options: {
      seconds: SECONDS,
      readConcurrency: CONCURRENCY,
      writeRates: WRITE_RATES,
      writeSeconds: WRITE_SECONDS,
      walks: WALKS,
    },
  };
  let nc;
  let ncBench;
  try {
    log('starting the services (compiled, separate processes, LOG_LEVEL=warn)');
    for (const s of SERVICES) procs[s] = await L.startProcess(s, { ...env, ...profEnv(s) }, infra);
    procs.gateway = await L.startProcess('gateway', { ...env, ...profEnv('gateway') }, infra);
    const base = `http://127.0.0.1:${port}`;
    await L.waitFor(async () => (await L.request(`${base}/health/ready`)).status === 200, 30000, 'suite ready');
    const bport = await L.freePort();
    helpers.push(await L.startBaseline(['responder', infra.natsUrl, infra.databaseUrl], infra.nats));
    helpers.push(await L.startBaseline(['front', String(bport), infra.natsUrl], infra.nats));
    const braw = `http://127.0.0.1:${bport}`;
    const operatorToken = await W.token({ role: 'operator' }, 'bench-operator');
    const operator = { authorization: `Bearer ${operatorToken}` };
    // Straight to intake over NATS as the gateway would ask; the raw allocation baseline as the bench identity.
    nc = await connect(infra.nats.options('gateway', 'bench-gateway'));
    ncBench = await connect(infra.nats.options('bench', 'bench-load'));
    const sc = StringCodec();
    // Where the CPU goes during a phase: each service, Postgres, nats-server, the baseline processes, this load generator.
    const pids = () => ({
      ...Object.fromEntries(Object.entries(procs).map(([k, p]) => [k, p.pid])),
      baselineResponder: helpers[0]?.pid,
      baselineFront: helpers[1]?.pid,
      loadGenerator: process.pid,
    });
    const cpu = async (fn) => {
      const a = L.cpuSnapshot(pids(), infra.databaseName);
      const out = await fn();
      return { ...out, cpu: L.cpuDelta(a, L.cpuSnapshot(pids(), infra.databaseName)) };
    };

    if (!SKIP.has('rss')) {
      await new Promise((r) => setTimeout(r, 5000));
      results.idleRssMb = Object.fromEntries(Object.entries(procs).map(([s, p]) => [s, L.rssMb(p.pid)]));
      log(`idle RSS ${JSON.stringify(results.idleRssMb)}`);
    }

    const orgs = organizations();
    const walkOrgs = orgs.slice(-(WALKS + 1));
    const ids = [];
    if (!SKIP.has('write')) {
      // One phase per rate (BENCH_WRITE_RATES, highest first), each WRITE_SECONDS of POSTs on fresh organisations.
      results.write = [];
      let offset = 0;
      for (const rate of WRITE_RATES) {
        const total = Math.min(
          Number(process.env.BENCH_WRITE_TOTAL || rate * WRITE_SECONDS),
          orgs.length - walkOrgs.length - offset,
        );
        if (total <= 0) break;
        const from = offset;
        offset += total;
        log(`write path: ${total} POSTs at ${rate}/s, baseline first`);
        // Baseline: the same open-loop rate through http → nats → one pg transaction (row + outbox row).
        const baseline = await cpu(() =>
          L.openLoop({
            ratePerSecond: rate,
            total,
            send: async (i) =>
              (
                await L.request(`${braw}/applications`, {
                  method: 'POST',
                  body: { organizationCode: orgs[from + i].code, n: i },
                })
              ).status === 201,
          }),
        );
        // The real path: POST → gateway → intake (case, history, outbox in one transaction) → relay → JetStream →
        // notifications → SMTP. Event-to-mail runs from the POST's answer (the commit) to the mail's arrival.
        const answered = new Map();
        const before = L.cpuSnapshot(pids(), infra.databaseName);
        const queriesBefore = queryDir ? queryCounts() : undefined;
        const casesBefore = queryDir ? await committedCases(infra.databaseUrl) : 0;
        const post = await L.openLoop({
          ratePerSecond: rate,
          total,
          send: async (k) => {
            const i = from + k;
            const org = orgs[i];
            const res = await L.request(`${base}/api/v1/applications`, {
              method: 'POST',
              headers: operator,
              body: {
                organizationCode: org.code,
                verifierName: `${org.name} bench-${i}`,
                verifierKinds: ['signature'],
                department: '情報政策課',
                contact: { name: '検証 太郎', phone: '03-0000-0000', email: `bench${i}@example.lg.jp` },
              },
            });
            if (res.status !== 201) {
              if (!results.writeFirstError) results.writeFirstError = { status: res.status, body: res.body };
              return false;
            }
            answered.set(String(i), Date.now());
            ids.push(res.body.id);
            return true;
          },
        });
        await L.waitFor(
          async () => [...answered.keys()].every((k) => sink.arrivals.has(k)),
          120000,
          'every A-1 mail',
        ).catch(() => undefined);
        post.cpuUntilMailsDrained = L.cpuDelta(before, L.cpuSnapshot(pids(), infra.databaseName));
        if (queriesBefore) {
          // Read after the counters' next write (every 100 ms), as statements per answered case.
          await new Promise((r) => setTimeout(r, 250));
          const after = queryCounts();
          // Per case committed, not per case answered: an A-1 whose answer timed out may still have committed (its
          // events are consumed like any other).
          const committed = (await committedCases(infra.databaseUrl)) - casesBefore;
          post.casesCommitted = committed;
          post.statementsPerCase = Object.fromEntries(
            Object.keys(after).map((name) => [name, r2((after[name] - queriesBefore[name]) / Math.max(1, committed))]),
          );
        }
        const mails = [...answered].filter(([k]) => sink.arrivals.has(k));
        const eventToMail = {
          ...L.summarize(
            mails.map(([k, at]) => sink.arrivals.get(k) - at),
            1000,
          ),
          delivered: mails.length,
          expected: answered.size,
        };
        delete eventToMail.throughput;
        const lastMail = Math.max(...mails.map(([k]) => sink.arrivals.get(k)));
        const phase = {
          ratePerSecond: rate,
          baseline,
          post,
          ratio: { throughput: r2(post.throughput / baseline.throughput), p99: r2(post.p99 / baseline.p99) },
          eventToMail,
          mailsDrainedSecondsAfterLastAnswer: r2((lastMail - Math.max(...answered.values())) / 1000),
          target: { eventToMailP99UnderMs: 1000, met: eventToMail.p99 < 1000 && post.throughput >= rate * 0.95 },
        };
        results.write.push(phase);
        log(`write: ${JSON.stringify(phase)}`);
        await new Promise((r) => setTimeout(r, 3000));
      }
    }

    if (!SKIP.has('read') && ids.length) {
      // Closed loop, CONCURRENCY in flight, random cases; baseline and real path alternate twice to even out drift.
      const pick = () => ids[Math.floor(Math.random() * ids.length)];
      const loop = (next) => cpu(() => L.closedLoop({ concurrency: CONCURRENCY, durationMs: SECONDS * 1000, next }));
      const rawGet = async () => (await L.request(`${braw}/applications/${pick()}`)).status === 200;
      const realGet = async () =>
        (await L.request(`${base}/api/v1/applications/${pick()}`, { headers: operator })).status === 200;
      // The service alone: the same request straight to intake over NATS (Nest's NATS wire format), no gateway.
      const caller = { sub: 'bench-operator', role: 'operator' };
      // Signed as the gateway signs it: the assertion's cost is part of what the service pays.
      const signer = infra.nats.signer();
      const serviceGet = async () => {
        const id = pick();
        const data = { caller, applicationId: id };
        const headers = natsHeaders();
        headers.set('x-jlis-caller', signer.sign('intake.application.get', data, caller));
        const msg = await nc.request(
          'intake.application.get',
          sc.encode(JSON.stringify({ pattern: 'intake.application.get', data, id })),
          { timeout: 10000, headers },
        );
        const answer = JSON.parse(sc.decode(msg.data));
        return !answer.err && answer.response?.id === id;
      };
      log('read path: baseline / real, twice; then intake alone over NATS');
      const rounds = [];
      for (let k = 0; k < 2; k++) rounds.push({ baseline: await loop(rawGet), real: await loop(realGet) });
      const best = (key) => rounds.map((r) => r[key]).sort((a, b) => b.throughput - a.throughput)[0];
      const baseline = best('baseline');
      const real = best('real');
      const intakeOnly = await loop(serviceGet);
      results.read = {
        concurrency: CONCURRENCY,
        rounds,
        baseline,
        real,
        intakeOverNatsOnly: intakeOnly,
        ratio: { throughput: r2(real.throughput / baseline.throughput), p99: r2(real.p99 / baseline.p99) },
        targets: { throughputAtLeast: 0.6, p99AtMost: 2 },
      };
      log(
        `read: ${JSON.stringify(results.read.ratio)} real ${JSON.stringify(real)} baseline ${JSON.stringify(baseline)} intake-only ${JSON.stringify(intakeOnly)}`,
      );
    }

    if (!SKIP.has('walk')) {
      // Whole procedure A-1 … A-12 through the gateway as a portal would (scripts/lib/walk.js): one case alone, then
      // WALKS at once. Baseline: as many raw round trips, one after another, as the lone walk made requests.
      class CountingApi extends W.Api {
        constructor(b) {
          super(b);
          this.calls = { GET: 0, write: 0 };
        }
        call(method, p, opts) {
          this.calls[method === 'GET' ? 'GET' : 'write']++;
          return super.call(method, p, opts);
        }
      }
      const api = new CountingApi(base);
      log(`whole procedure: 1 walk alone, then ${WALKS} at once`);
      const shared = await W.prepare(api, { organizations: walkOrgs, perContractor: 5 });
      api.calls = { GET: 0, write: 0 };
      const timings = {};
      let t0 = Date.now();
      await W.walk(api, shared, walkOrgs[0], 0, timings);
      const alone = Date.now() - t0;
      const calls = { ...api.calls };
      t0 = Date.now();
      for (let i = 0; i < calls.GET; i++)
        await L.request(`${braw}/applications/${ids[i % ids.length] || '00000000-0000-0000-0000-000000000000'}`);
      for (let i = 0; i < calls.write; i++) await L.request(`${braw}/applications`, { method: 'POST', body: { n: i } });
      const baselineMs = Date.now() - t0;
      const concurrentTimings = {};
      const perCase = [];
      let failed = 0;
      t0 = Date.now();
      await Promise.all(
        walkOrgs.slice(1).map(async (org, i) => {
          const s = Date.now();
          try {
            await W.walk(api, shared, org, i + 1, concurrentTimings);
            perCase.push(Date.now() - s);
          } catch (error) {
            failed++;
            if (!results.walkFirstError) results.walkFirstError = error.message;
          }
        }),
      );
      const wall = Date.now() - t0;
      const stepMs = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, v[0]]));
      results.wholeProcedure = {
        alone: { ms: alone, requests: calls, steps: stepMs },
        baselineSameRequestsMs: baselineMs,
        ratio: r2(alone / baselineMs),
        concurrent: { walks: WALKS, wallMs: wall, failed, perCase: L.summarize(perCase, wall) },
      };
      log(`whole procedure: ${JSON.stringify(results.wholeProcedure)}`);
    }

    if (!SKIP.has('rss')) {
      await new Promise((r) => setTimeout(r, 10000));
      results.idleRssAfterLoadMb = Object.fromEntries(Object.entries(procs).map(([s, p]) => [s, L.rssMb(p.pid)]));
      log(`idle RSS after load ${JSON.stringify(results.idleRssAfterLoadMb)}`);
    }
    results.mailsReceived = sink.count();

    if (!SKIP.has('cards')) {
      // The cards service opening loans over NATS (bench/cards-allocation.js, its own database) beside the raw
      // allocation (nats → one pg transaction taking a unit FOR UPDATE SKIP LOCKED) at the same concurrency.
      const loans = Number(process.env.LOANS || 600);
      const conc = Number(process.env.CONCURRENCY || 32);
      let next = 0;
      const lat = [];
      const started = Date.now();
      await Promise.all(
        Array.from({ length: conc }, async () => {
          while (next++ < loans) {
            const t = Date.now();
            const m = await ncBench.request('baseline.card.allocate', sc.encode('{}'), { timeout: 10000 });
            if (sc.decode(m.data) !== 'null') lat.push(Date.now() - t);
          }
        }),
      );
      const baseline = L.summarize(lat, Date.now() - started);
      // Stop the suite first: the cards bench starts its own processes on this machine's two cores.
      await stopAll(procs, helpers);
      log('card allocation (bench/cards-allocation.js)');
      const cards = await require('./cards-allocation.js').run({ loans, concurrency: conc });
      const one = cards.results.find((x) => x.processes === 1);
      results.cardAllocation = {
        ...cards,
        baselineLoansPerSecond: baseline.throughput,
        baseline,
        ratio: r2(one.rpcLoansPerSecond / baseline.throughput),
      };
      log(`cards: ${JSON.stringify(results.cardAllocation)}`);
    }
  } finally {
    await nc?.close().catch(() => undefined);
    await ncBench?.close().catch(() => undefined);
    await stopAll(procs, helpers);
    await sink.close();
    await infra.destroy();
  }
  if (PROFILE) {
    results.profiles = {};
    for (const s of ['gateway', 'intake']) {
      const f = path.join(PROFILES, `${s}.cpuprofile`);
      if (fs.existsSync(f)) results.profiles[s] = profileSummary(f);
    }
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
}

async function stopAll(procs, helpers) {
  const all = [...Object.values(procs), ...helpers].filter((p) => p.exitCode === null && p.signalCode === null);
  await Promise.all(
    all.map(
      (p) =>
        new Promise((resolve) => {
          const t = setTimeout(() => (p.kill('SIGKILL'), resolve()), 10000);
          p.once('exit', () => (clearTimeout(t), resolve()));
          p.kill(PROFILE ? 'SIGUSR2' : 'SIGTERM');
        }),
    ),
  );
  for (const k of Object.keys(procs)) delete procs[k];
  helpers.length = 0;
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
