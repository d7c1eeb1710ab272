import type { JetStreamManager } from 'nats';
import type { Logger } from '../logging/logger';
import type { EventConsumer } from '../messaging/event-consumer';
import type { OutboxRelay } from '../messaging/outbox-relay';
import { ANSWER_MARGIN_MS, Consistency } from './consistency';

/** A relay whose publication of a command's rows answers position 42 after `ms`. */
const relayTaking = (ms: number) =>
  ({
    publishNow: () => new Promise<number>((resolve) => setTimeout(() => resolve(42), ms)),
  }) as unknown as OutboxRelay;
const logger = { warn: () => undefined } as unknown as Logger;

function consistency(relay: OutboxRelay, publishWaitMs: number, answerWithinMs?: number): Consistency {
  return new Consistency({} as JetStreamManager, {} as EventConsumer, relay, logger, {
    databaseUrl: 'postgres://unused',
    publishWaitMs,
    answerWithinMs,
    catchUpWaitMs: 3000,
    retryAfterSeconds: 1,
  });
}

describe('Consistency.publishOwn', () => {
  it('waits for a slow publication up to its setting and answers its position', async () => {
    expect(await consistency(relayTaking(300), 1000, 5000).publishOwn(['e-1'])).toBe(42);
  });

  it('gives up at the setting: the relay publishes later, the answer has no position', async () => {
    const started = Date.now();
    expect(await consistency(relayTaking(1000), 200, 5000).publishOwn(['e-1'])).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("never waits past the caller's timeout: a request that already used most of it answers in time", async () => {
    const sut = consistency(relayTaking(1000), 3000, 2000);
    const started = Date.now();
    // The request began 1.2 s ago (it waited to catch up): 2 s − 0.5 s margin − 1.2 s leaves 0.3 s.
    expect(await sut.publishOwn(['e-1'], started - 1200)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000 - ANSWER_MARGIN_MS - 1200 + 250);
    // Nothing left at all: no wait.
    const late = Date.now();
    expect(await sut.publishOwn(['e-1'], late - 1600)).toBeUndefined();
    expect(Date.now() - late).toBeLessThan(100);
  });

  it('publishes nothing for a request that wrote nothing', async () => {
    expect(await consistency(relayTaking(0), 3000, 5000).publishOwn([])).toBeUndefined();
  });
});
