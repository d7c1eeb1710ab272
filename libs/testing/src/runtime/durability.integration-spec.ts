import { INestMicroservice } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Caller, DeadLetterDiscard, DeadLetterList, DeadLetterReplay, DeadLetterView } from '@jlis/contracts';
import { EventConsumer, loadConfig, Outbox, RpcClient, ServiceConfig, startService } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../database';
import { startAll, stopTestServer } from '../start-all';
import { eventually } from '../eventually';
import { startNats, TestNats } from '../nats-server';
import { consumerModule, PING_CREATE, PINGED, producerModule } from './ping.fixtures';

const operator: Caller = { sub: 'op-1', role: 'operator' };

/** Dead letters: a handler that keeps failing, an outbox row JetStream refuses, and what operators do with them. */
describe('dead letters (consumer and outbox)', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let rpc: RpcClient;
  let producer: INestMicroservice;
  let consumer: INestMicroservice;
  let cds: DataSource;
  let pds: DataSource;

  beforeAll(async () => {
    [db, nats] = await startAll<[TestDatabase, TestNats]>([createTestDatabase, () => startNats()], stopTestServer);
    // Each service with its own NATS identity; the test asks them as the gateway does.
    const configOf = (service: 'intake' | 'notifications') =>
      loadConfig(ServiceConfig, {
        DATABASE_URL: db.serviceUrl(service),
        ...nats.env(service),
        LOG_LEVEL: 'silent',
        EVENT_RETRY_LIMIT: '3',
        OUTBOX_PUBLISH_LIMIT: '3',
        RETRY_BACKOFF_MS: '50',
        RETRY_BACKOFF_MAX_MS: '200',
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

  const received = async (text: string) =>
    (
      await cds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notifications.received WHERE text = $1`, [text])
    )[0].n;
  const list = (service: 'intake' | 'notifications', status: DeadLetterList.Query['status'] = 'all') =>
    rpc.request<DeadLetterList.Response>(DeadLetterList.subject(service), { caller: operator, query: { status } });

  it('retries a failing handler, parks the event once its dead letter commits, and applies it on replay', async () => {
    // A storage rule the handler's write breaks: a failure of the handler, not of the infrastructure.
    await cds.query(`ALTER TABLE notifications.received ADD CONSTRAINT refuse_poison CHECK (text <> 'poison')`);
    await rpc.request(PING_CREATE, { caller: operator, text: 'poison' });
    await rpc.request(PING_CREATE, { caller: operator, text: 'healthy' });

    const letter = await eventually(async () => (await list('notifications')).items.find((l) => l.status === 'parked'));
    expect(letter).toMatchObject({
      service: 'notifications',
      source: 'consumer',
      attempts: 3,
      event: { type: PINGED },
      history: [{ action: 'parked', actor: 'system' }],
    });
    expect(letter.error).toContain('refuse_poison');
    expect(await received('healthy')).toBe(1);
    // Terminated after parking: JetStream holds nothing more for the consumer, and the failure count is gone.
    const jsm = consumer.get(EventConsumer)['jsm'];
    await eventually(async () => {
      const info = await jsm.consumers.info('EVENTS', 'notifications');
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
    expect(await cds.query(`SELECT * FROM notifications.event_failure`)).toEqual([]);
    expect(await received('poison')).toBe(0);

    await expect(
      rpc.request(DeadLetterReplay.subject('notifications'), { caller: operator, id: letter.id }),
    ).rejects.toMatchObject({ code: 'DEAD_LETTER_REPLAY_FAILED', status: 409 });
    await cds.query(`ALTER TABLE notifications.received DROP CONSTRAINT refuse_poison`);
    const replayed = await rpc.request<DeadLetterView>(DeadLetterReplay.subject('notifications'), {
      caller: operator,
      id: letter.id,
    });
    expect(replayed.status).toBe('replayed');
    expect(replayed.history.map((h) => h.action)).toEqual(['parked', 'replay-failed', 'replayed']);
    expect(replayed.history[2].actor).toBe('op-1');
    expect(await received('poison')).toBe(1);
    await expect(
      rpc.request(DeadLetterReplay.subject('notifications'), { caller: operator, id: letter.id }),
    ).rejects.toMatchObject({ code: 'DEAD_LETTER_CLOSED' });
    // A service that does not hold the id says so (the gateway asks them all).
    await expect(
      rpc.request(DeadLetterReplay.subject('intake'), { caller: operator, id: letter.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('parks an outbox row JetStream keeps refusing while the rows after it keep flowing', async () => {
    const outbox = producer.get(Outbox);
    // Over the server's 1 MiB payload limit: this row can never be published.
    const poison = await pds.transaction((m) =>
      outbox.add(m, {
        type: PINGED,
        aggregateId: 'big',
        aggregateVersion: 1,
        payload: { text: 'x'.repeat(1_200_000) },
      }),
    );
    await rpc.request(PING_CREATE, { caller: operator, text: 'after-poison' });
    await eventually(async () => (await received('after-poison')) === 1);

    const letter = await eventually(async () =>
      (await list('intake', 'parked')).items.find((l) => l.event.id === poison.id),
    );
    expect(letter).toMatchObject({ service: 'intake', source: 'outbox', attempts: 3 });
    expect(letter.error).toMatch(/MAX_PAYLOAD_EXCEEDED/);
    const [row] = await pds.query(`SELECT attempts, parked_at, published_at FROM intake.outbox WHERE id = $1`, [
      poison.id,
    ]);
    expect(row).toMatchObject({ attempts: 3, published_at: null });
    expect(row.parked_at).not.toBeNull();

    await expect(
      rpc.request(DeadLetterReplay.subject('intake'), { caller: operator, id: letter.id }),
    ).rejects.toMatchObject({ code: 'DEAD_LETTER_REPLAY_FAILED' });
    await expect(
      rpc.request(DeadLetterDiscard.subject('intake'), { caller: operator, id: letter.id, body: { reason: ' ' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const discarded = await rpc.request<DeadLetterView>(DeadLetterDiscard.subject('intake'), {
      caller: operator,
      id: letter.id,
      body: { reason: 'test payload, never meant to be sent' },
    });
    expect(discarded.status).toBe('discarded');
    expect(discarded.history.map((h) => [h.action, h.reason])).toEqual([
      ['parked', undefined],
      ['replay-failed', undefined],
      ['discarded', 'test payload, never meant to be sent'],
    ]);
    expect((await list('intake', 'parked')).items.some((l) => l.id === letter.id)).toBe(false);
    await expect(
      rpc.request(DeadLetterDiscard.subject('intake'), { caller: operator, id: letter.id, body: { reason: 'again' } }),
    ).rejects.toMatchObject({ code: 'DEAD_LETTER_CLOSED' });
  });

  it('lets only operators see dead letters', async () => {
    await expect(
      rpc.request(DeadLetterList.subject('intake'), {
        caller: { sub: 'a-1', role: 'applicant', org: '131016' },
        query: {},
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
