import { coalesceNatsWrites } from '@jlis/runtime';
import { NatsConnection, StringCodec } from 'nats';
import { startNats, TestNats } from '../nats-server';

const sc = StringCodec();

/** What a connection's socket was asked to write: one entry per write. */
function writesOf(nc: NatsConnection): unknown[] {
  const transport = (nc as unknown as { protocol: { transport: { send(frame: Uint8Array): void } } }).protocol
    .transport;
  const writes: unknown[] = [];
  const send = transport.send.bind(transport);
  transport.send = (frame: Uint8Array) => {
    writes.push(frame);
    send(frame);
  };
  return writes;
}

/** Ten publishes from ten callbacks of one event-loop turn (as ten answers finishing in one turn would be). */
async function publishFromTenCallbacks(nc: NatsConnection, subject: string): Promise<void> {
  await new Promise<void>((done) => {
    let left = 10;
    for (let i = 0; i < 10; i++)
      setImmediate(() => {
        nc.publish(subject, sc.encode(String(i)));
        if (--left === 0) setImmediate(done);
      });
  });
  await nc.flush();
}

describe('coalesceNatsWrites (issue 14: one socket write per event-loop turn)', () => {
  let nats: TestNats;
  let service: NatsConnection;
  let gateway: NatsConnection;

  beforeAll(async () => {
    nats = await startNats({ provision: false });
    [service, gateway] = await Promise.all([nats.connect('intake'), nats.connect('gateway')]);
  });
  afterAll(async () => {
    await Promise.all([service?.close(), gateway?.close()]);
    await nats?.destroy();
  });

  it('sends what one turn queued in one write, every message delivered in order', async () => {
    const received: string[] = [];
    const sub = service.subscribe('intake.coalesce.test', {
      queue: 'intake',
      callback: (_e, m) => received.push(sc.decode(m.data)),
    });
    await service.flush();
    const writes = writesOf(gateway);

    // Without it: nats.js writes after each callback (a microtask), so ten callbacks make ten writes.
    await publishFromTenCallbacks(gateway, 'intake.coalesce.test');
    expect(writes.length).toBeGreaterThanOrEqual(10);

    coalesceNatsWrites();
    coalesceNatsWrites(); // idempotent
    writes.length = 0;
    await publishFromTenCallbacks(gateway, 'intake.coalesce.test');
    // The ten messages in one write, the flush's PING in another.
    expect(writes.length).toBeLessThanOrEqual(2);

    await service.flush();
    expect(received).toEqual([...Array(10).keys(), ...Array(10).keys()].map(String));
    sub.unsubscribe();
  });

  it('still answers requests and flushes after the change', async () => {
    coalesceNatsWrites();
    const sub = service.subscribe('intake.coalesce.echo', { queue: 'intake', callback: (_e, m) => m.respond(m.data) });
    await service.flush();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        gateway.request('intake.coalesce.echo', sc.encode(`q${i}`), { timeout: 5000 }),
      ),
    );
    expect(answers.map((m) => sc.decode(m.data))).toEqual(Array.from({ length: 50 }, (_, i) => `q${i}`));
    sub.unsubscribe();
  });
});
