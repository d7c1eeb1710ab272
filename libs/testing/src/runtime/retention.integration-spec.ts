import { INestMicroservice } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Caller, EVENTS_STREAM } from '@jlis/contracts';
import {
  ConfigError,
  loadConfig,
  provisionMessaging,
  RetentionJob,
  RetentionSettings,
  RpcClient,
  ServiceConfig,
  startService,
} from '@jlis/runtime';
import { nanos } from 'nats';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../database';
import { eventually } from '../eventually';
import { startNats, TestNats } from '../nats-server';
import { consumerModule, PING_CREATE, producerModule } from './ping.fixtures';

const operator: Caller = { sub: 'op-1', role: 'operator' };

/**
 * Retention (issue 10): the retention job prunes published outbox rows and inbox rows past their retention and keeps
 * everything else; provisioning sets the EVENTS stream's max_age; a retention order that would let the stream redeliver
 * an event whose inbox row is gone is refused.
 */
describe(RetentionJob.name, () => {
  let db: TestDatabase;
  let nats: TestNats;
  let rpc: RpcClient;
  let producer: INestMicroservice;
  let consumer: INestMicroservice;
  let pds: DataSource;
  let cds: DataSource;

  beforeAll(async () => {
    [db, nats] = await Promise.all([createTestDatabase(), startNats()]);
    const configOf = (service: 'intake' | 'notifications') =>
      loadConfig(ServiceConfig, {
        DATABASE_URL: db.serviceUrl(service),
        ...nats.env(service),
        LOG_LEVEL: 'silent',
        OUTBOX_RETENTION_HOURS: '2',
        INBOX_RETENTION_HOURS: '48',
        EVENTS_MAX_AGE_HOURS: '24',
      });
    rpc = nats.rpcClient(5000);
    await rpc.connect();
    const intake = configOf('intake');
    producer = await startService('intake', producerModule(intake, { relay: { pollMs: 100 } }), intake);
    const notifications = configOf('notifications');
    consumer = await startService('notifications', consumerModule(notifications), notifications);
    pds = producer.get<DataSource>(getDataSourceToken());
    cds = consumer.get<DataSource>(getDataSourceToken());
  });

  afterAll(async () => {
    await Promise.all([producer?.close(), consumer?.close()]);
    await rpc?.close();
    await nats?.destroy();
    await db?.drop();
  });

  const count = async (ds: DataSource, sql: string) => (await ds.query<{ n: number }[]>(sql))[0].n;

  it('prunes published outbox rows and inbox rows past their retention, and nothing younger or unpublished', async () => {
    for (const text of ['old-1', 'old-2', 'young']) await rpc.request(PING_CREATE, { caller: operator, text });
    await eventually(
      async () => (await count(cds, `SELECT count(*)::int AS n FROM notifications.received`)) === 3 || undefined,
    );
    await eventually(
      async () =>
        (await count(pds, `SELECT count(*)::int AS n FROM intake.outbox WHERE published_at IS NULL`)) === 0 ||
        undefined,
    );
    const ids = (text: string) => `SELECT id FROM intake.outbox WHERE envelope->'payload'->>'text' = '${text}'`;
    // Published three hours ago (retention 2 h); applied three days ago (retention 48 h).
    await pds.query(
      `UPDATE intake.outbox SET published_at = now() - interval '3 hours' WHERE envelope->'payload'->>'text' LIKE 'old-%'`,
    );
    const oldIds: string[] = (await pds.query(`${ids('old-1')} UNION ${ids('old-2')}`)).map(
      (r: { id: string }) => r.id,
    );
    await cds.query(
      `UPDATE notifications.inbox SET processed_at = now() - interval '3 days' WHERE event_id = ANY($1::uuid[])`,
      [oldIds],
    );
    // A row never published (say, parked) is kept however old.
    await pds.query(
      `INSERT INTO intake.outbox (id, type, envelope, created_at, parked_at) VALUES (gen_random_uuid(), 'x', '{}', now() - interval '30 days', now() - interval '30 days')`,
    );

    expect(await producer.get(RetentionJob).tick()).toBe(true);
    expect(await consumer.get(RetentionJob).tick()).toBe(true);

    const left = await pds.query(`SELECT envelope->'payload'->>'text' AS text, published_at FROM intake.outbox`);
    expect(left.map((r: { text: string | null }) => r.text).sort()).toEqual(['young', null].sort());
    expect(
      await count(
        cds,
        `SELECT count(*)::int AS n FROM notifications.inbox WHERE event_id = ANY('{${oldIds.join(',')}}')`,
      ),
    ).toBe(0);
    expect(await count(cds, `SELECT count(*)::int AS n FROM notifications.inbox`)).toBe(1);
  });

  it('has provisioning set the stream max_age, and change it', async () => {
    const provisioner = await nats.connect('provision');
    try {
      const settings = loadConfig(RetentionSettings, { EVENTS_MAX_AGE_HOURS: '24', INBOX_RETENTION_HOURS: '48' });
      await provisionMessaging(provisioner, { eventsMaxAgeMs: settings.eventsMaxAgeMs });
      const jsm = await provisioner.jetstreamManager();
      expect((await jsm.streams.info(EVENTS_STREAM)).config.max_age).toBe(nanos(24 * 3_600_000));
      await provisionMessaging(provisioner, { eventsMaxAgeMs: 0 });
      expect((await jsm.streams.info(EVENTS_STREAM)).config.max_age).toBe(0);
    } finally {
      await provisioner.close();
    }
  });

  it('refuses inbox rows that the stream could outlive, in one sentence', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(RetentionSettings, env);
      } catch (error) {
        return error instanceof ConfigError ? error.problems : [String(error)];
      }
      return [];
    };
    // 24 h of events plus the 10-minute duplicate window do not fit in 24 h of inbox rows.
    expect(refused({ EVENTS_MAX_AGE_HOURS: '24', INBOX_RETENTION_HOURS: '24' })).toEqual([
      expect.stringMatching(/^INBOX_RETENTION_HOURS \(24\) must be at least EVENTS_MAX_AGE_HOURS \(24\) plus/),
    ]);
    expect(refused({ EVENTS_MAX_AGE_HOURS: '0', INBOX_RETENTION_HOURS: '744' })).toHaveLength(1);
    expect(refused({ EVENTS_MAX_AGE_HOURS: '24', INBOX_RETENTION_HOURS: '25' })).toEqual([]);
    expect(refused({ EVENTS_MAX_AGE_HOURS: '0', INBOX_RETENTION_HOURS: '0' })).toEqual([]);
    expect(refused({})).toEqual([]);
  });
});
