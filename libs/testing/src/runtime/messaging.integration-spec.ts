import { INestMicroservice } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Caller, CardsEvents, currentEventVersion, EventEnvelope, eventSubject } from '@jlis/contracts';
import { randomUUID } from 'node:crypto';
import {
  DomainError,
  EventConsumer,
  loadConfig,
  OutboxRelay,
  provisionMessaging,
  RpcClient,
  ServiceConfig,
  startService,
} from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../database';
import { startAll, stopTestServer } from '../start-all';
import { eventually } from '../eventually';
import { startNats, TestNats } from '../nats-server';
import { consumerModule, PING_CREATE, PING_FAIL, PING_SLOW, PINGED, producerModule } from './ping.fixtures';

/**
 * The runtime's messaging guarantees, proven on real Postgres and NATS. It lives here, not in libs/runtime, because
 * it needs this library's servers, and this library depends on the runtime (NATS identities, provisioning).
 */
const operator: Caller = { sub: 'op-1', role: 'operator' };

describe('messaging (outbox → JetStream → inbox)', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let env: Record<string, string>;
  let rpc: RpcClient;
  const apps: INestMicroservice[] = [];

  beforeAll(async () => {
    [db, nats] = await startAll<[TestDatabase, TestNats]>([createTestDatabase, () => startNats()], stopTestServer);
    env = { LOG_LEVEL: 'silent', RPC_TIMEOUT_MS: '2000' };
    rpc = nats.rpcClient(2000);
    await rpc.connect();
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  afterAll(async () => {
    await rpc.close();
    await nats.destroy();
    await db.drop();
  });

  /** Each service runs with its own NATS identity. */
  const configOf = (service: 'intake' | 'notifications') =>
    loadConfig(ServiceConfig, { ...env, ...nats.env(service), DATABASE_URL: db.serviceUrl(service) });
  const start = async (module: unknown, name: 'intake' | 'notifications' = 'intake') => {
    const app = await startService(name, module, configOf(name));
    apps.push(app);
    return app;
  };
  const received = (ds: DataSource) =>
    ds.query<{ event_id: string; text: string }[]>(`SELECT event_id, text FROM notifications.received ORDER BY id`);

  it('delivers an event written with a state change to a consumer in another service', async () => {
    await start(producerModule(configOf('intake')));
    const consumer = await start(consumerModule(configOf('notifications')), 'notifications');
    const ds = consumer.get<DataSource>(getDataSourceToken());
    const { id } = await rpc.request<{ id: number }>(PING_CREATE, { caller: operator, text: 'hello' });
    expect(id).toBeGreaterThan(0);
    const rows = await eventually(async () => (await received(ds)).find((r) => r.text === 'hello') && received(ds));
    expect(rows.filter((r) => r.text === 'hello')).toHaveLength(1);
  });

  it('publishes nothing from a rolled-back transaction', async () => {
    const producer = await start(producerModule(configOf('intake')));
    const consumer = await start(consumerModule(configOf('notifications')), 'notifications');
    const ds = consumer.get<DataSource>(getDataSourceToken());
    await expect(rpc.request(PING_CREATE, { caller: operator, text: 'rollback' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await rpc.request(PING_CREATE, { caller: operator, text: 'after' });
    await eventually(async () => (await received(ds)).some((r) => r.text === 'after'));
    expect((await received(ds)).some((r) => r.text === 'rollback')).toBe(false);
    const pds = producer.get<DataSource>(getDataSourceToken());
    expect(await pds.query(`SELECT count(*)::int AS n FROM intake.ping WHERE text = 'rollback'`)).toEqual([{ n: 0 }]);
    expect(
      await pds.query(`SELECT count(*)::int AS n FROM intake.outbox WHERE envelope->'payload'->>'text' = 'rollback'`),
    ).toEqual([{ n: 0 }]);
  });

  it('redelivers to a consumer that died before acking, and applies the event once', async () => {
    let crashes = 1;
    // A short redelivery wait, set the way every consumer setting is: by the provisioning identity.
    const provisioner = await nats.connect('provision');
    await provisionMessaging(provisioner, { ackWaitMs: { notifications: 1000 } });
    await provisioner.close();
    await start(producerModule(configOf('intake')));
    const consumer = await start(
      consumerModule(configOf('notifications'), {
        consumer: {
          beforeAck: (event: EventEnvelope) => {
            if (
              event.type === PINGED &&
              (event.payload as { text: string }).text === 'crash-before-ack' &&
              crashes-- > 0
            ) {
              throw new Error('simulated crash between commit and ack');
            }
          },
        },
      }),
      'notifications',
    );
    const ds = consumer.get<DataSource>(getDataSourceToken());
    await rpc.request(PING_CREATE, { caller: operator, text: 'crash-before-ack' });
    await eventually(async () => crashes < 0 || undefined);
    // The message came back (it was not acked) and found its inbox row: still one effect.
    await eventually(async () => {
      const info = await consumer.get(EventConsumer)['jsm'].consumers.info('EVENTS', 'notifications');
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
    expect((await received(ds)).filter((r) => r.text === 'crash-before-ack')).toHaveLength(1);
  });

  it('does not duplicate the effect when the relay dies after publishing and before marking', async () => {
    let crashes = 1;
    const producer = await start(
      producerModule(configOf('intake'), {
        relay: {
          afterPublish: () => {
            if (crashes-- > 0) throw new Error('simulated crash between publish and mark');
          },
        },
      }),
    );
    const consumer = await start(consumerModule(configOf('notifications')), 'notifications');
    const ds = consumer.get<DataSource>(getDataSourceToken());
    await rpc.request(PING_CREATE, { caller: operator, text: 'relay-crash' });
    await eventually(async () => (await received(ds)).some((r) => r.text === 'relay-crash'));
    const pds = producer.get<DataSource>(getDataSourceToken());
    await eventually(async () => {
      const [{ n }] = await pds.query(`SELECT count(*)::int AS n FROM intake.outbox WHERE published_at IS NULL`);
      return n === 0;
    });
    await producer.get(OutboxRelay).drain();
    expect((await received(ds)).filter((r) => r.text === 'relay-crash')).toHaveLength(1);
  });

  it("publishes a command's own rows at once while the relay holds them, and the stream keeps one copy", async () => {
    const producer = await start(producerModule(configOf('intake')));
    const consumer = await start(consumerModule(configOf('notifications')), 'notifications');
    const pds = producer.get<DataSource>(getDataSourceToken());
    const ds = consumer.get<DataSource>(getDataSourceToken());
    const id = randomUUID();
    const envelope: EventEnvelope<{ text: string }> = {
      id,
      type: PINGED,
      version: currentEventVersion(PINGED),
      occurredAt: new Date().toISOString(),
      actor: { sub: 'op-1', role: 'operator' },
      correlationId: randomUUID(),
      aggregateId: randomUUID(),
      aggregateVersion: 1,
      payload: { text: 'held-by-relay' },
    };
    // The relay's claim, as drain() makes it (FOR UPDATE), held open while the command publishes its own row.
    const relay = pds.createQueryRunner();
    await relay.connect();
    await relay.startTransaction();
    try {
      // retry_at ahead: the running relay leaves the row alone, so the lock below is the only claim on it.
      await relay.query(
        `INSERT INTO intake.outbox (id, type, envelope, retry_at) VALUES ($1, $2, $3, now() + interval '1 hour')`,
        [id, PINGED, envelope],
      );
      await relay.commitTransaction();
      await relay.startTransaction();
      await relay.query(`SELECT seq FROM intake.outbox WHERE id = $1 FOR UPDATE`, [id]);
      const started = Date.now();
      const position = await producer.get(OutboxRelay).publishNow([id]);
      expect(position).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(2000);
      // The relay publishes the same row (same msgID) and marks it: JetStream kept the first copy only.
      const again = await producer.get(OutboxRelay).publishNow([id]);
      expect(again).toBe(position);
      await relay.query(`UPDATE intake.outbox SET published_at = now() WHERE id = $1`, [id]);
      await relay.commitTransaction();
    } finally {
      if (relay.isTransactionActive) await relay.rollbackTransaction();
      await relay.release();
    }
    await eventually(async () => (await received(ds)).some((r) => r.text === 'held-by-relay'));
    await new Promise((r) => setTimeout(r, 300));
    expect((await received(ds)).filter((r) => r.text === 'held-by-relay')).toHaveLength(1);
  });

  it('applies an event delivered twice (outside the duplicate window) once', async () => {
    const consumer = await start(consumerModule(configOf('notifications')), 'notifications');
    const ds = consumer.get<DataSource>(getDataSourceToken());
    const event: EventEnvelope = {
      id: '7b0f6c52-2f6a-4f57-9d53-5a1f5f8e9a01',
      type: PINGED,
      version: 1,
      occurredAt: new Date().toISOString(),
      actor: { sub: 'system', role: 'system' },
      correlationId: 'test',
      aggregateId: 'x',
      aggregateVersion: 1,
      payload: { text: 'twice' },
    };
    const sut = consumer.get(EventConsumer);
    expect(await sut.apply(event)).toBe(true);
    expect(await sut.apply(event)).toBe(false);
    expect((await received(ds)).filter((r) => r.text === 'twice')).toHaveLength(1);
  });

  it('parks at once an event of a version newer than this build reads, and applies nothing', async () => {
    const consumer = await start(consumerModule(configOf('notifications')), 'notifications');
    const ds = consumer.get<DataSource>(getDataSourceToken());
    const handled: string[] = [];
    consumer.get(EventConsumer).on(CardsEvents.StockLow, async (event) => {
      handled.push(event.id);
    });
    const id = randomUUID();
    const event: EventEnvelope = {
      id,
      type: CardsEvents.StockLow,
      version: currentEventVersion(CardsEvents.StockLow) + 1,
      occurredAt: new Date().toISOString(),
      actor: { sub: 'system', role: 'system' },
      correlationId: 'test',
      aggregateId: 'JPKI',
      aggregateVersion: 1,
      payload: { kind: 'JPKI', inStock: 0, lowAt: 5 },
    };
    // Published as a cards service deployed ahead of this consumer would (the test-only replay identity).
    const nc = await nats.connect('replay');
    try {
      await nc.jetstream().publish(eventSubject(event.type), JSON.stringify(event), { msgID: id });
    } finally {
      await nc.close();
    }
    const parked = await eventually(async () => {
      const rows = await ds.query<{ attempts: number; last_error: string }[]>(
        `SELECT attempts, error AS last_error FROM notifications.dead_letter WHERE event_id = $1`,
        [id],
      );
      return rows.length > 0 && rows;
    });
    // Parked on its first delivery (retrying cannot make it readable), with the reason an operator can act on.
    expect(parked[0].attempts).toBe(1);
    expect(parked[0].last_error).toMatch(/newer than this build knows/);
    expect(handled).toEqual([]);
    expect(await ds.query(`SELECT 1 FROM notifications.inbox WHERE event_id = $1`, [id])).toHaveLength(0);
  });

  it('carries a domain error across NATS with its code, and a validation failure with its field', async () => {
    await start(producerModule(configOf('intake')));
    const failure = await rpc.request(PING_FAIL, { caller: operator, text: 'x' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({ code: 'CONFLICT', status: 409, message: 'cannot ping x', details: { text: 'x' } });
    const invalid = await rpc
      .request(PING_CREATE, { caller: operator, text: 42, extra: true })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect([...new Set((invalid as DomainError).errors?.map((e) => e.field))].sort()).toEqual(['extra', 'text']);
  });

  it('answers SERVICE_UNAVAILABLE at once when no instance of the service is up', async () => {
    const started = Date.now();
    const failure = await rpc
      .request(PING_CREATE, { caller: operator, text: 'x' }, { timeoutMs: 5000 })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, details: { service: 'intake' } });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('times out into SERVICE_TIMEOUT when the service does not answer in time', async () => {
    await start(producerModule(configOf('intake')));
    const failure = await rpc
      .request(PING_SLOW, { caller: operator, text: 'x' }, { timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'SERVICE_TIMEOUT', status: 504 });
  });
});
