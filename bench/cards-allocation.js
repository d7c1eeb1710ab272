'use strict';
/**
 * Card allocation throughput with one and with two `cards` processes (the compiled service, `npm run build`).
 * Each run gets its own database and nats-server. Two paths open loans:
 *  - rpc:    operators open loans for accepted paper A-06 receipts, CONCURRENCY requests in flight (queue group);
 *  - events: accepted A-06 events published into JetStream, consumed through the shared durable consumer.
 * Stock exceeds demand, so every loan is allocated; the run then checks that no unit is on two open loans.
 *
 *   node bench/cards-allocation.js            (LOANS=600 CONCURRENCY=32 by default)
 *   LOANS=1000 node bench/cards-allocation.js
 * Exports run(options) for bench/run.js.
 */
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { randomUUID } = require('node:crypto');
const { privateNats, cpuSnapshot, cpuDelta } = require('./lib');
const { serviceMain, serviceNodeFlags } = require('../scripts/lib/build');

const ROOT = join(__dirname, '..');
// CARDS_MAIN: another compiled cards (e.g. a copy of the build before a change) for paired measurements.
const MAIN = process.env.CARDS_MAIN || serviceMain('cards');
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const operator = { sub: 'op-bench', role: 'operator' };

async function until(probe, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('benchmark condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function accepted(applicationId, fields) {
  const submissionId = randomUUID();
  return {
    id: randomUUID(),
    type: 'documents.submission.accepted',
    version: 1,
    occurredAt: new Date().toISOString(),
    actor: { sub: 'op-bench', role: 'operator' },
    correlationId: randomUUID(),
    applicationId,
    aggregateId: submissionId,
    aggregateVersion: 2,
    payload: { submissionId, applicationId, form: 'A-06', series: 1, round: 1, fields },
  };
}

async function pool(items, concurrency, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function runOnce(processes, { loans, concurrency }) {
  const { Client } = require('pg');
  const { connect } = require('nats');
  const rt = require('@jlis/runtime');
  const { RpcClient } = rt;
  const name = `jlis_bench_cards_${Date.now().toString(36)}_${processes}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  // cards connects as its own role, which owns its schema (as `npm run migrate` makes it).
  await rt.provisionServiceRoles(url.toString(), rt.defaultServiceDatabases(url.toString()));
  const nats = await privateNats();
  const procs = [];
  let pg;
  let nc;
  let rpc;
  try {
    for (let i = 1; i <= processes; i++) {
      // CARDS_PROFILE_DIR: --cpu-prof each cards process (the preload's SIGHUP exits cleanly, so the profile is written).
      const profile = process.env.CARDS_PROFILE_DIR
        ? [
            '--cpu-prof',
            `--cpu-prof-dir=${process.env.CARDS_PROFILE_DIR}`,
            `--cpu-prof-name=cards-${processes}-${i}.cpuprofile`,
          ]
        : [];
      const child = spawn(
        process.execPath,
        [...serviceNodeFlags('cards'), ...profile, '-r', join(__dirname, 'query-count-preload.js'), MAIN],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH || '',
            NODE_ENV: 'test',
            DATABASE_URL: rt.serviceDatabaseUrl(url.toString(), 'cards'),
            ...nats.env('cards'),
            INSTANCE_ID: `bench-${i}`,
            LOG_LEVEL: process.env.CARDS_LOG_LEVEL || 'info',
            DATABASE_POOL_SIZE: '10',
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      procs.push(child);
      await new Promise((resolve, reject) => {
        child.stdout.on('data', (d) => d.toString().includes('"msg":"ready"') && resolve());
        // Errors the service logs (level 50 and up) are shown: a failed run should say why.
        child.stdout.on('data', (d) =>
          d
            .toString()
            .split('\n')
            .filter((l) => /"level":(5|6)\d/.test(l))
            .forEach((l) => console.error(`cards-${i}: ${l}`)),
        );
        child.once('exit', (code) => reject(new Error(`cards exited with ${code}`)));
      });
    }
    // CPU seconds (cards processes, Postgres backends of this database) and statements sent, around each path.
    const pids = () => Object.fromEntries(procs.map((c, i) => [`cards-${i + 1}`, c.pid]));
    const statements = async () => {
      let total = 0;
      for (const child of procs) {
        total += await new Promise((resolve) => {
          const on = (d) => {
            const m = /"benchStatements":(\d+)/.exec(d.toString());
            if (m) (child.stdout.off('data', on), resolve(Number(m[1])));
          };
          child.stdout.on('data', on);
          child.kill('SIGUSR2');
        });
      }
      return total;
    };
    const measure = async (fn) => {
      const s0 = await statements();
      const c0 = cpuSnapshot(pids(), name);
      await fn();
      const cpu = cpuDelta(c0, cpuSnapshot(pids(), name));
      const s1 = await statements();
      const cardsCpu = Object.entries(cpu.cpuSeconds)
        .filter(([k]) => k.startsWith('cards-'))
        .reduce((a, [, v]) => a + v, 0);
      return {
        cardsCpuMsPerLoan: Math.round((cardsCpu / loans) * 1e4) / 10,
        postgresCpuMsPerLoan: Math.round((cpu.cpuSeconds.postgres / loans) * 1e4) / 10,
        statementsPerLoan: Math.round(((s1 - s0) / loans) * 10) / 10,
        machineBusyPercent: cpu.machineBusyPercent,
      };
    };
    pg = new Client({ connectionString: url.toString() });
    await pg.connect();
    // Accepted A-06 events as documents' relay would publish them (the test-only replay identity); requests as the
    // gateway would send them.
    nc = await connect(nats.options('replay', 'bench-events'));
    const js = nc.jetstream();
    rpc = new RpcClient(nats.options('gateway', 'bench-rpc'), 60_000, nats.signer());
    await rpc.connect();
    const count = async (sql) => (await pg.query(sql)).rows[0].n;

    const stock = loans * 2 + 10;
    for (let i = 0; i < stock; i += 1000) {
      const serials = Array.from(
        { length: Math.min(1000, stock - i) },
        (_, j) => `B-${String(i + j).padStart(6, '0')}`,
      );
      await rpc.request('cards.unit.register', { caller: operator, body: { kind: 'jpki', serials } });
    }
    const cases = Array.from({ length: 50 }, () => randomUUID());

    // rpc path: receipts first (not timed), then the openings.
    const paper = Array.from({ length: loans }, (_, i) => accepted(cases[i % cases.length], {}));
    await Promise.all(paper.map((e) => js.publish(`evt.${e.type}`, JSON.stringify(e), { msgID: e.id })));
    await until(async () => (await count(`SELECT count(*)::int AS n FROM cards.a06_receipt`)) === loans);
    let started = process.hrtime.bigint();
    const rpcCost = await measure(() =>
      pool(paper, concurrency, (e) =>
        rpc.request('cards.loan.open', {
          caller: operator,
          body: {
            applicationId: e.payload.applicationId,
            submissionId: e.payload.submissionId,
            cards: [{ kind: 'jpki', quantity: 1 }],
          },
        }),
      ),
    );
    const rpcSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    // events path.
    const events = Array.from({ length: loans }, (_, i) =>
      accepted(cases[i % cases.length], { cards: [{ kind: 'jpki', quantity: 1 }] }),
    );
    started = process.hrtime.bigint();
    const eventCost = await measure(async () => {
      await Promise.all(events.map((e) => js.publish(`evt.${e.type}`, JSON.stringify(e), { msgID: e.id })));
      await until(async () => (await count(`SELECT count(*)::int AS n FROM cards.card_loan`)) === loans * 2);
    });
    const eventSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    const twice = await count(
      `SELECT count(*)::int AS n FROM (SELECT serial FROM cards.card_loan_unit WHERE outcome = 'out' GROUP BY serial HAVING count(*) > 1) d`,
    );
    const allocated = await count(`SELECT count(*)::int AS n FROM cards.card_loan WHERE state = 'allocated'`);
    const instances = (
      await pg.query(`SELECT opened_by, count(*)::int AS n FROM cards.card_loan GROUP BY 1 ORDER BY 1`)
    ).rows;
    if (twice !== 0 || allocated !== loans * 2)
      throw new Error(`invariant broken: ${twice} units on two loans, ${allocated}/${loans * 2} allocated`);
    return {
      processes,
      loans,
      rpcLoansPerSecond: Math.round(loans / rpcSeconds),
      eventLoansPerSecond: Math.round(loans / eventSeconds),
      perInstance: Object.fromEntries(instances.map((r) => [r.opened_by, r.n])),
      rpcCost,
      eventCost,
    };
  } finally {
    await rpc?.close().catch(() => undefined);
    await nc?.close().catch(() => undefined);
    await pg?.end().catch(() => undefined);
    for (const child of procs) {
      child.removeAllListeners('exit');
      const signal = process.env.CARDS_PROFILE_DIR ? 'SIGHUP' : 'SIGTERM';
      if (child.exitCode === null) await new Promise((r) => (child.once('exit', r), child.kill(signal)));
    }
    nats.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

async function run(options = {}) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first.`);
  const loans = Number(options.loans || process.env.LOANS || 600);
  const concurrency = Number(options.concurrency || process.env.CONCURRENCY || 32);
  const results = [];
  for (const processes of [1, 2]) results.push(await runOnce(processes, { loans, concurrency }));
  return { name: 'Card allocation', concurrency, results };
}

module.exports = { run };

if (require.main === module) {
  run()
    .then(({ concurrency, results }) => {
      console.log(`Card allocation (loans of 1 unit each, rpc concurrency ${concurrency})`);
      console.log('processes | loans | rpc loans/s | event loans/s | loans opened per instance');
      for (const r of results) {
        console.log(
          `${r.processes} | ${r.loans} | ${r.rpcLoansPerSecond} | ${r.eventLoansPerSecond} | ${JSON.stringify(r.perInstance)}`,
        );
        console.log(`  rpc ${JSON.stringify(r.rpcCost)}\n  events ${JSON.stringify(r.eventCost)}`);
      }
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
