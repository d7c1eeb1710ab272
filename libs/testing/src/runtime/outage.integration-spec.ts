import { INestMicroservice } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { EventEnvelope, eventSubject } from '@jlis/contracts';
import { EventConsumer, loadConfig, ServiceConfig, startService } from '@jlis/runtime';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { eventually } from '../eventually';
import { startNats, TestNats } from '../nats-server';
import { PrivatePostgres, startPrivatePostgres } from '../private-postgres';
import { consumerModule, PINGED } from './ping.fixtures';

const ping = (text: string): EventEnvelope => ({
  id: randomUUID(),
  type: PINGED,
  version: 1,
  occurredAt: new Date().toISOString(),
  actor: { sub: 'system', role: 'system' },
  correlationId: randomUUID(),
  aggregateId: text,
  aggregateVersion: 1,
  payload: { text },
});

/**
 * A database outage longer than the whole retry schedule: the consumer pauses instead of counting deliveries,
 * and every event is applied once the database is back — none parked, none lost.
 */
describe('event consumer during a database outage', () => {
  let pg: PrivatePostgres;
  let nats: TestNats;
  let nc: NatsConnection;
  let consumer: INestMicroservice;

  beforeAll(async () => {
    // Messages buffered in the client when it pauses come back after the ack wait: keep it short here.
    [pg, nats] = await Promise.all([
      startPrivatePostgres(),
      startNats({ provision: { ackWaitMs: { notifications: 2000 } } }),
    ]);
    const config = loadConfig(ServiceConfig, {
      DATABASE_URL: pg.serviceUrl('notifications'),
      ...nats.env('notifications'),
      LOG_LEVEL: 'silent',
      // The whole schedule: 3 failed deliveries, 50 + 100 ms apart (then parked). The outage lasts far longer.
      EVENT_RETRY_LIMIT: '3',
      RETRY_BACKOFF_MS: '50',
      RETRY_BACKOFF_MAX_MS: '200',
      DATABASE_POOL_SIZE: '2',
    });
    consumer = await startService('notifications', consumerModule(config), config);
    // The producer's events, published as its relay would, through the tests' replay identity.
    nc = await nats.connect('replay');
  });

  afterAll(async () => {
    await nc?.close();
    await consumer?.close();
    await nats?.destroy();
    pg?.destroy();
  });

  it('applies every event published while Postgres was down, once it is back, and parks none', async () => {
    const ds = consumer.get<DataSource>(getDataSourceToken());
    const sut = consumer.get(EventConsumer);
    const js = nc.jetstream();
    const texts = (await ds.query<{ text: string }[]>(`SELECT text FROM notifications.received`)).map((r) => r.text);
    expect(texts).toEqual([]);
    await js.publish(eventSubject(PINGED), JSON.stringify(ping('before')));
    await eventually(async () => (await ds.query(`SELECT 1 FROM notifications.received`)).length === 1);

    pg.stop('immediate');
    const during = Array.from({ length: 30 }, (_, i) => `during-${i}`);
    for (const text of during) await js.publish(eventSubject(PINGED), JSON.stringify(ping(text)));
    await eventually(async () => sut.paused || undefined);
    // Far beyond the retry schedule (and several ack waits): with deliveries counted, every event would be parked.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(sut.paused).toBe(true);
    await pg.start();

    const rows = await eventually(async () => {
      const r = await ds.query<{ text: string }[]>(`SELECT text FROM notifications.received`).catch(() => []);
      return r.length === during.length + 1 ? r : undefined;
    });
    expect(rows.map((r) => r.text).sort()).toEqual(['before', ...during].sort());
    expect(sut.paused).toBe(false);
    expect(await ds.query(`SELECT * FROM notifications.dead_letter`)).toEqual([]);
    expect(await ds.query(`SELECT * FROM notifications.event_failure`)).toEqual([]);
  }, 60_000);
});
