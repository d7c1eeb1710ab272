'use strict';
// `node bench/read-your-writes.js` (after `npm run build`): what read-your-writes adds to a command's latency. One
// private suite (throwaway database and nats-server, the compiled services) per setting of CONSISTENCY_PUBLISH_WAIT_MS:
// 1000 (the default: the answer waits until the command's events are in the stream) and 0 (the relay alone publishes
// them, as before). Each suite answers ROUNDS × COMMANDS sequential commands (`PATCH /applications/{id}`, one event
// each) after a warm-up; the two settings alternate ROUNDS times so that a busy machine disturbs both alike.
// Options (env): COMMANDS (per round, default 100), ROUNDS (default 2).
const L = require('./lib');
const W = require('../scripts/lib/walk');

const COMMANDS = Number(process.env.COMMANDS || 100);
const ROUNDS = Number(process.env.ROUNDS || 2);

async function suite(publishWaitMs) {
  const infra = await L.privateInfra();
  const port = await L.freePort();
  const env = {
    DATABASE_URL: infra.databaseUrl,
    NATS_URL: infra.natsUrl,
    MAIL_OUT_DIR: require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'jlis-ryw-')),
    RATE_LIMIT_PER_MINUTE: '0',
    AUTH_MODE: 'development',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    CONSISTENCY_PUBLISH_WAIT_MS: String(publishWaitMs),
  };
  const procs = [];
  for (const s of ['intake', 'documents', 'cards', 'access', 'notifications', 'gateway'])
    procs.push(await L.startProcess(s, env, infra));
  const base = `http://127.0.0.1:${port}`;
  await L.waitFor(async () => (await fetch(`${base}/health/ready`).catch(() => ({}))).status === 200, 60000, 'ready');
  return {
    base,
    async stop() {
      procs.forEach((p) => p.kill('SIGTERM'));
      await new Promise((r) => setTimeout(r, 1000));
      await infra.destroy();
    },
  };
}

async function measure(base, n) {
  const api = new W.Api(base);
  const applicant = await W.token({ role: 'applicant', org: '131016' }, 'ryw-bench');
  const created = await api.call('POST', '/api/v1/applications', {
    token: applicant,
    body: {
      organizationCode: '131016',
      verifierName: '千代田区',
      verifierKinds: ['signature'],
      department: '情報政策課',
      contact: { name: '検証 太郎', phone: '03-1234-5678', email: 'jpki@example.lg.jp' },
    },
  });
  const once = async (i) => {
    const t0 = process.hrtime.bigint();
    const { token } = await api.call('PATCH', `/api/v1/applications/${created.id}`, {
      token: applicant,
      body: { wantsOnlineTest: i % 2 === 0 },
      withToken: true,
    });
    if (!token) throw new Error('no Consistency-Token on a command');
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let i = 0; i < 20; i++) await once(i);
  const latencies = [];
  for (let i = 0; i < n; i++) latencies.push(await once(i));
  return latencies;
}

async function main() {
  const results = { 1000: [], 0: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const wait of [1000, 0]) {
      const s = await suite(wait);
      try {
        results[wait].push(...(await measure(s.base, COMMANDS)));
      } finally {
        await s.stop();
      }
      process.stderr.write(`round ${round + 1}: CONSISTENCY_PUBLISH_WAIT_MS=${wait} measured\n`);
    }
  }
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const p = (q) => Math.round(L.percentile(s, q) * 10) / 10;
    return {
      n: s.length,
      p50: p(50),
      p90: p(90),
      p99: p(99),
      mean: Math.round((s.reduce((a, b) => a + b, 0) / s.length) * 10) / 10,
    };
  };
  const on = stats(results[1000]);
  const off = stats(results[0]);
  console.log(
    JSON.stringify(
      {
        at: new Date().toISOString(),
        machine: `${require('node:os').cpus().length} cores, load ${require('node:os')
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}`,
        command: 'PATCH /api/v1/applications/{id} (one event), sequential',
        publishWait1000: on,
        publishWait0: off,
        addedMs: { p50: Math.round((on.p50 - off.p50) * 10) / 10, p90: Math.round((on.p90 - off.p90) * 10) / 10 },
      },
      null,
      2,
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
