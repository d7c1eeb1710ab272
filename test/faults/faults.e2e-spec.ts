import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ProcessSuite } from './process-suite';
import { a1Mails, drainedMails as drained, resends as resent, simulate, sleep } from './simulation';

describe('faults survived (own Postgres cluster and nats-server, services as processes)', () => {
  let suite: ProcessSuite;

  beforeAll(async () => {
    suite = await ProcessSuite.start();
  }, 180_000);

  afterAll(async () => {
    await suite?.destroy();
  });

  const drainedMails = () => drained(suite.smtp);
  const resends = () => resent(suite.smtp);

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
    expect(a1Mails(suite.smtp.mails).size).toBe(8);
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
    expect(a1Mails(suite.smtp.mails.slice(before)).size).toBe(6);
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
