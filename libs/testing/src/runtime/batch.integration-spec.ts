import { INestMicroservice } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Caller, EventEnvelope } from '@jlis/contracts';
import {
  EventConsumer,
  loadConfig,
  provisionMessaging,
  RpcClient,
  ServiceConfig,
  ServiceRuntimeOptions,
  startService,
} from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../database';
import { startAll, stopTestServer } from '../start-all';
import { eventually } from '../eventually';
import { startNats, TestNats } from '../nats-server';
import { consumerModule, PING_CREATE, PINGED, producerModule } from './ping.fixtures';

const operator: Caller = { sub: 'op-1', role: 'operator' };
const GOOD = ['batch-1', 'batch-2', 'batch-3', 'batch-4'];

/**
 * A consumer applies what JetStream has buffered in one transaction, a savepoint per event: one bad event in the middle
 * is rolled back to its savepoint and retried, then parked, while the others commit; acks follow the commit, so a crash
 * before them redelivers the whole batch and the inbox makes the redelivery change nothing.
 */
describe('event consumer batches', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let rpc: RpcClient;
  const apps: INestMicroservice[] = [];

  beforeAll(async () => {
    [db, nats] = await startAll<[TestDatabase, TestNats]>([createTestDatabase, () => startNats()], stopTestServer);
    rpc = nats.rpcClient(5000);
    await rpc.connect();
    // A short redelivery wait, so a batch that was never acked comes back within the test.
    const provisioner = await nats.connect('provision');
    await provisionMessaging(provisioner, { ackWaitMs: { notifications: 1000 } });
    await provisioner.close();
  });

  afterAll(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await rpc?.close();
    await nats?.destroy();
    await db?.drop();
  });

  const configOf = (service: 'intake' | 'notifications') =>
    loadConfig(ServiceConfig, {
      DATABASE_URL: db.serviceUrl(service),
      ...nats.env(service),
      LOG_LEVEL: 'silent',
      EVENT_RETRY_LIMIT: '2',
      RETRY_BACKOFF_MS: '50',
      RETRY_BACKOFF_MAX_MS: '200',
    });
  const startConsumer = async (overrides: Pick<ServiceRuntimeOptions, 'consumer'> = {}) => {
    const app = await startService(
      'notifications',
      consumerModule(configOf('notifications'), overrides),
      configOf('notifications'),
    );
    apps.push(app);
    return app;
  };

  it('applies the good events of a batch once, rolls the bad one back to its savepoint, retries and parks it', async () => {
    // The consumer's schema exists (migrated at start) and refuses the bad event's write: a statement error inside the
    // batch's transaction, which only a rollback to the event's savepoint lets the others survive.
    const first = await startConsumer();
    const ds = first.get<DataSource>(getDataSourceToken());
    await ds.query(`ALTER TABLE notifications.received ADD CONSTRAINT refuse_bad CHECK (text <> 'batch-bad')`);
    // Which transaction wrote each row: the default is evaluated in the inserting transaction.
    await ds.query(`ALTER TABLE notifications.received ADD COLUMN xid text NOT NULL DEFAULT txid_current()::text`);
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    // Published while no consumer runs, so the next one finds them buffered together: one batch.
    const producer = await startService('intake', producerModule(configOf('intake')), configOf('intake'));
    apps.push(producer);
    const pds = producer.get<DataSource>(getDataSourceToken());
    for (const text of [GOOD[0], GOOD[1], 'batch-bad', GOOD[2], GOOD[3]]) {
      await rpc.request(PING_CREATE, { caller: operator, text });
    }
    await eventually(async () => {
      const [{ n }] = await pds.query(`SELECT count(*)::int AS n FROM intake.outbox WHERE published_at IS NULL`);
      return n === 0;
    });

    // Every good event "crashes" between the commit and its ack on its first delivery: nothing of the batch is acked.
    const crashed = new Set<string>();
    const consumer = await startConsumer({
      consumer: {
        beforeAck: (event: EventEnvelope) => {
          const text = (event.payload as { text: string }).text;
          if (event.type === PINGED && GOOD.includes(text) && !crashed.has(text)) {
            crashed.add(text);
            throw new Error('simulated crash between the batch commit and the ack');
          }
        },
      },
    });
    const cds = consumer.get<DataSource>(getDataSourceToken());

    const parked = await eventually(async () => {
      const rows = await cds.query<{ attempts: number; error: string }[]>(
        `SELECT attempts, error FROM notifications.dead_letter WHERE envelope->'payload'->>'text' = 'batch-bad'`,
      );
      return rows.length > 0 && rows[0];
    });
    expect(parked.attempts).toBe(2);
    expect(parked.error).toContain('refuse_bad');
    // Every good event was redelivered (none was acked) and found its inbox row: each applied once.
    await eventually(async () => crashed.size === GOOD.length || undefined);
    const jsm = consumer.get(EventConsumer)['jsm'];
    await eventually(async () => {
      const info = await jsm.consumers.info('EVENTS', 'notifications');
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
    const rows = await cds.query<{ text: string; xid: string }[]>(
      `SELECT text, xid FROM notifications.received ORDER BY id`,
    );
    expect(rows.map((r) => r.text)).toEqual(GOOD);
    // Applied in one transaction, on both sides of the bad event: a batch, not one commit per event.
    expect(new Set(rows.map((r) => r.xid)).size).toBe(1);
    // Their failures (the simulated crash counted once each) were forgotten with the redelivery's success.
    expect(await cds.query(`SELECT event_id FROM notifications.event_failure`)).toEqual([]);
  });
});
