'use strict';
// `npm run bench`: measures the suite against a raw baseline in the same run (see docs/benchmarks.md).
// Options (env): BENCH_SECONDS (per phase, default 10), BENCH_CONCURRENCY (read path, default 32),
// BENCH_WRITE_RATE (cases/s for the write path, default 200), BENCH_SKIP (comma list: read,write,cards,rss).
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { SMTPServer } = require('smtp-server');
const { SignJWT } = require('jose');
const { simpleParser } = require('mailparser');
const L = require('./lib');

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 32);
const WRITE_RATE = Number(process.env.BENCH_WRITE_RATE || 200);
const SKIP = new Set((process.env.BENCH_SKIP || '').split(',').filter(Boolean));
const SERVICES = ['intake', 'documents', 'cards', 'access', 'notifications'];
const DEV_SECRET = 'jlis-development-secret-do-not-use-in-production';

const token = (claims, sub) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime('2h').sign(new TextEncoder().encode(DEV_SECRET));

function organizations() {
  const csv = fs.readFileSync(path.join(L.ROOT, 'apps/intake/data/local-governments.csv'), 'utf8').trim().split('\n').slice(1);
  return csv.map((l) => l.split(',')).filter((c) => c[4] !== 'ward').map(([code, prefecture, name]) => ({ code, prefecture, name }));
}

/** An SMTP server that records when each message arrived, keyed by its subject. */
async function mailSink() {
  const port = await L.freePort();
  const arrivals = new Map();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      let raw = '';
      stream.on('data', (d) => (raw += d));
      stream.on('end', () => {
        const at = Date.now();
        simpleParser(raw).then(
          (mail) => {
            const m = /bench-(\d+)/.exec(mail.subject || '');
            if (m && !arrivals.has(m[1])) arrivals.set(m[1], at);
            cb();
          },
          () => cb(),
        );
      });
    },
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `smtp://127.0.0.1:${port}`, arrivals, close: () => new Promise((r) => server.close(r)) };
}

async function main() {
  const infra = await L.privateInfra();
  const sink = await mailSink();
  const port = await L.freePort();
  const env = {
    NODE_ENV: 'development',
    DATABASE_URL: infra.databaseUrl,
    NATS_URL: infra.natsUrl,
    SMTP_URL: sink.url,
    JLIS_MAILBOX: 'bench@j-lis.test',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    PORT: String(port),
  };
  const procs = {};
  const results = { machine: `${require('node:os').cpus().length} cores, ${Math.round(require('node:os').totalmem() / 2 ** 30)} GiB, Node ${process.version}`, at: new Date().toISOString(), seconds: SECONDS };
  try {
    for (const s of SERVICES) procs[s] = await L.startProcess(s, env);
    procs.gateway = await L.startProcess('gateway', env);
    const base = `http://127.0.0.1:${port}`;
    await L.waitFor(async () => (await L.request(`${base}/health/ready`)).status === 200, 30000, 'suite ready');
    const operator = { authorization: `Bearer ${await token({ role: 'operator' }, 'bench-operator')}` };

    if (!SKIP.has('rss')) {
      await new Promise((r) => setTimeout(r, 5000));
      results.idleRssMb = Object.fromEntries(Object.entries(procs).map(([s, p]) => [s, L.rssMb(p.pid)]));
    }

    const orgs = organizations();
    const ids = [];
    if (!SKIP.has('write')) {
      // Open loop at WRITE_RATE cases/s: POST → outbox → JetStream → notifications → SMTP. Event-to-mail latency is
      // measured from the POST's answer (the commit) to the mail's arrival at the sink.
      const total = Math.min(WRITE_RATE * SECONDS, orgs.length);
      const answered = new Map();
      const postLatencies = [];
      let errors = 0;
      const started = Date.now();
      const inflight = [];
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / WRITE_RATE;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const org = orgs[i];
        const t0 = Date.now();
        inflight.push(
          L.request(`${base}/api/v1/applications`, {
            method: 'POST',
            headers: operator,
            body: {
              organizationCode: org.code,
              verifierName: `${org.name} bench-${i}`,
              verifierKinds: ['signature'],
              department: '情報政策課',
              contact: { name: '検証 太郎', phone: '03-0000-0000', email: `bench${i}@example.lg.jp` },
            },
          }).then((r) => {
            if (r.status !== 201) return errors++;
            postLatencies.push(Date.now() - t0);
            answered.set(String(i), Date.now());
            ids.push(r.body.id);
          }, () => errors++),
        );
      }
      await Promise.all(inflight);
      const elapsed = Date.now() - started;
      await L.waitFor(async () => [...answered.keys()].every((k) => sink.arrivals.has(k)), 60000, 'every A-1 mail').catch(() => undefined);
      const mailLatencies = [...answered].filter(([k]) => sink.arrivals.has(k)).map(([k, at]) => sink.arrivals.get(k) - at);
      results.write = {
        ratePerSecond: WRITE_RATE,
        post: L.summarize(postLatencies, elapsed, errors),
        eventToMail: { ...L.summarize(mailLatencies, elapsed), delivered: mailLatencies.length, expected: answered.size },
      };
    }

    if (!SKIP.has('read') && ids.length) {
      const bport = await L.freePort();
      const resp = spawn(process.execPath, [path.join(__dirname, 'baseline.js'), 'responder', infra.natsUrl, infra.databaseUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
      const front = spawn(process.execPath, [path.join(__dirname, 'baseline.js'), 'front', String(bport), infra.natsUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        await L.waitFor(async () => (await L.request(`http://127.0.0.1:${bport}/x/${ids[0]}`)).status === 200, 20000, 'baseline');
        const pick = () => ids[Math.floor(Math.random() * ids.length)];
        const run = (url) => L.closedLoop({ concurrency: CONCURRENCY, durationMs: SECONDS * 1000, next: async () => (await L.request(url(pick()), { headers: operator })).status === 200 });
        results.baselineRead = await run((id) => `http://127.0.0.1:${bport}/applications/${id}`);
        results.read = await run((id) => `${base}/api/v1/applications/${id}`);
        results.readRatio = {
          throughput: Math.round((results.read.throughput / results.baselineRead.throughput) * 100) / 100,
          p99: Math.round((results.read.p99 / results.baselineRead.p99) * 100) / 100,
        };
      } finally {
        resp.kill();
        front.kill();
      }
    }

    if (!SKIP.has('cards') && fs.existsSync(path.join(__dirname, 'cards-allocation.js'))) {
      const cards = require('./cards-allocation.js');
      if (typeof cards.run === 'function') results.cardAllocation = await cards.run({ seconds: SECONDS });
    }
  } finally {
    Object.values(procs).forEach((p) => p.kill('SIGTERM'));
    await new Promise((r) => setTimeout(r, 1000));
    await sink.close();
    await infra.destroy();
  }
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'latest.json'), JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
