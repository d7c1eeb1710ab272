import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { join } from 'node:path';
import { ROOT } from '../dist';
import { ProcessSuite } from './process-suite';

interface SimSummary {
  completed?: number;
  failed?: number;
  errors?: unknown[];
}

/** Runs `npm run simulate` against the process suite and resolves with its summary and exit code. */
function simulate(
  base: string,
  count: number,
  offset: number,
): { done: Promise<{ code: number | null; summary: SimSummary; stderr: string }> } {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'scripts/simulate.js'),
      '--base',
      base,
      '--count',
      String(count),
      '--offset',
      String(offset),
      '--concurrency',
      String(count),
      '--per-contractor',
      '3',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return {
    done: new Promise((resolve) =>
      child.on('exit', (code) => {
        let summary: SimSummary;
        try {
          summary = JSON.parse(out) as SimSummary;
        } catch {
          summary = { errors: [out] };
        }
        resolve({ code, summary, stderr: err.slice(-3000) });
      }),
    ),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults survived (own Postgres cluster and nats-server, services as processes)', () => {
  let suite: ProcessSuite;

  beforeAll(async () => {
    suite = await ProcessSuite.start();
  }, 180_000);

  afterAll(async () => {
    await suite?.destroy();
  });

  /** Mails are counted only once every outbox and consumer has drained: the SMTP count must stand still. */
  async function drainedMails(): Promise<number> {
    let last = -1;
    for (let stable = 0; stable < 4;) {
      await sleep(1000);
      stable = suite.smtp.mails.length === last ? stable + 1 : 0;
      last = suite.smtp.mails.length;
    }
    return last;
  }

  /**
   * Mails received more than once. SMTP has no exactly-once: a sender killed between the server's 250 and its own
   * "sent" mark resends after restart. Such a resend must be the same message — same Message-ID (derived from the
   * event id), subject, recipients and body — so receivers recognise it; anything else is a real duplicate.
   */
  function resends(): { realDuplicates: string[]; identicalResends: number } {
    const byId = new Map<string, typeof suite.smtp.mails>();
    for (const m of suite.smtp.mails)
      byId.set(m.parsed.messageId ?? '', [...(byId.get(m.parsed.messageId ?? '') ?? []), m]);
    const repeated = [...byId].filter(([, copies]) => copies.length > 1);
    const sameMessage = (copies: typeof suite.smtp.mails) =>
      copies.every(
        (c) =>
          c.parsed.subject === copies[0].parsed.subject &&
          c.parsed.text === copies[0].parsed.text &&
          c.envelopeTo.join() === copies[0].envelopeTo.join(),
      );
    // Two different events or templates never share a Message-ID, so a duplicate with a fresh Message-ID shows as two
    // A-1 mails for one case (counted by the tests below).
    return {
      realDuplicates: repeated.filter(([, copies]) => !sameMessage(copies)).map(([id]) => id),
      identicalResends: repeated.length,
    };
  }

  it('kill -9 of each service in turn during a simulation: no case lost, no mail twice, every case completes', async () => {
    const run = simulate(suite.baseUrl, 8, 0);
    for (const name of ['intake', 'documents', 'cards', 'access', 'notifications', 'gateway'] as const) {
      await sleep(1500);
      await suite.crash(name);
    }
    const { code, summary, stderr } = await run.done;
    if (code) process.stderr.write(`fault suite logs: ${suite.dumpLogs()}\n`);
    expect({ code, failed: summary.failed, errors: summary.errors, stderr: code ? stderr : '' }).toEqual({
      code: 0,
      failed: 0,
      errors: [],
      stderr: '',
    });
    expect(summary.completed).toBe(8);
    await drainedMails();
    const { realDuplicates, identicalResends } = resends();
    expect(realDuplicates).toEqual([]);
    // At most the messages in flight when notifications was killed: one per concurrent sender (MAIL_SENDERS).
    expect(identicalResends).toBeLessThanOrEqual(Number(suite.env.MAIL_SENDERS));
    const a1 = new Set(
      suite.smtp.mails
        .filter((m) => (m.parsed.subject ?? '').startsWith('申請手続開始依頼'))
        .map((m) => m.parsed.messageId),
    );
    expect(a1.size).toBe(8);
  }, 600_000);

  it('recovers by itself when NATS and then Postgres restart under load', async () => {
    const before = suite.smtp.mails.length;
    const run = simulate(suite.baseUrl, 6, 8);
    await sleep(2000);
    await suite.nats.restart();
    await sleep(3000);
    await suite.pg.restart();
    const { code, summary, stderr } = await run.done;
    if (code) process.stderr.write(`fault suite logs: ${suite.dumpLogs()}\n`);
    expect({ code, failed: summary.failed, errors: summary.errors, stderr: code ? stderr : '' }).toEqual({
      code: 0,
      failed: 0,
      errors: [],
      stderr: '',
    });
    await drainedMails();
    expect(resends().realDuplicates).toEqual([]);
    const a1 = new Set(
      suite.smtp.mails
        .slice(before)
        .filter((m) => (m.parsed.subject ?? '').startsWith('申請手続開始依頼'))
        .map((m) => m.parsed.messageId),
    );
    expect(a1.size).toBe(6);
  }, 600_000);

  it('changes nothing when events already handled are delivered again (new message ids, past the duplicate window)', async () => {
    const pg = new Client({ connectionString: suite.pg.url });
    await pg.connect();
    // Raw re-publication is what the test-only replay identity exists for; consumer progress is read by the
    // provisioning identity (no service may read another's consumer).
    const nc = await suite.nats.connect('replay', 'faults-replay');
    const provisioner = await suite.nats.connect('provision', 'faults-provision');
    try {
      const count = async (sql: string) => Number((await pg.query(sql)).rows[0].n);
      const state = async () => ({
        mails: await count(`SELECT count(*) AS n FROM notifications.mail_message`),
        loans: await count(`SELECT count(*) AS n FROM cards.card_loan`),
        units: await count(`SELECT count(*) AS n FROM cards.card_loan_unit`),
        grants: await count(`SELECT count(*) AS n FROM access.access_grant`),
        grantLog: await count(`SELECT count(*) AS n FROM access.grant_log`),
        timeline: await count(`SELECT count(*) AS n FROM intake.case_timeline`),
        contacts: await count(`SELECT count(*) AS n FROM intake.contact`),
        dispatched: await count(
          `SELECT count(*) AS n FROM documents.outbox WHERE type = 'documents.templates.dispatched'`,
        ),
      });
      const jsm = await provisioner.jetstreamManager();
      // Every durable consumer has taken everything so far: a message handed back during the outages above (it
      // returns after the ack wait) must not land between the two snapshots.
      const idle = async () => {
        for (const durable of ['intake', 'documents', 'cards', 'access', 'notifications']) {
          for (let i = 0; i < 600; i++) {
            const info = await jsm.consumers.info('EVENTS', durable);
            if (info.num_pending === 0 && info.num_ack_pending === 0) break;
            await sleep(100);
          }
        }
      };
      await idle();
      await drainedMails();
      const before = await state();
      // Every event the services wrote so far, published again under fresh message ids, as a relay would after
      // JetStream forgot the first publication.
      const { rows } = await pg.query<{ type: string; envelope: unknown }>(
        `SELECT type, envelope FROM intake.outbox UNION ALL SELECT type, envelope FROM documents.outbox
         UNION ALL SELECT type, envelope FROM cards.outbox UNION ALL SELECT type, envelope FROM access.outbox`,
      );
      const js = nc.jetstream();
      for (const row of rows)
        await js.publish(`evt.${row.type}`, JSON.stringify(row.envelope), { msgID: `again-${randomUUID()}` });
      expect(rows.length).toBeGreaterThan(100);
      // Wait until every durable consumer has taken them all, then compare.
      await idle();
      await drainedMails();
      expect(await state()).toEqual(before);
    } finally {
      await nc.close();
      await provisioner.close();
      await pg.end();
    }
  }, 300_000);
});
