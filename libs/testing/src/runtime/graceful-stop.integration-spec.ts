import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GracefulNatsServer } from '@jlis/runtime';
import { JSONCodec, NatsConnection } from 'nats';
import { startNats, TestNats } from '../nats-server';

const SUBJECT = 'intake.graceful.echo';
const jc = JSONCodec<unknown>();

@Controller()
class EchoController {
  @MessagePattern(SUBJECT) async echo(@Payload() n: number) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    return n;
  }
}
@Module({ controllers: [EchoController] })
class EchoModule {}

/** A request as Nest's client sends it ({pattern, data, id}), settled as answered, refused (no responders) or timed out. */
async function request(nc: NatsConnection, n: number): Promise<'answered' | 'no-responders' | 'timeout'> {
  try {
    const reply = await nc.request(SUBJECT, jc.encode({ pattern: SUBJECT, data: n, id: String(n) }), {
      timeout: 4_000,
    });
    const answer = jc.decode(reply.data) as { response?: unknown };
    if (answer.response !== n) throw new Error(`answer ${JSON.stringify(answer)} for ${n}`);
    return 'answered';
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '503') return 'no-responders';
    if (code === 'TIMEOUT') return 'timeout';
    throw error;
  }
}

/**
 * SIGTERM's first step, stopping to take requests, must not drop a request NATS already gave this instance: between
 * the server routing a request here and reading our UNSUB, messages are on their way in the socket. An instance that
 * forgets its subscription at once drops them (the sender waits out its timeout: a 504 at the gateway); one that
 * drains it answers them. Every request must end answered, or refused at once as having no responder — never timed out.
 */
describe('GracefulNatsServer stopping under load', () => {
  let nats: TestNats;
  let client: NatsConnection;
  let app: INestMicroservice;

  beforeAll(async () => {
    nats = await startNats({ provision: false });
    client = await nats.connect('gateway');
  });
  afterAll(async () => {
    await client?.close();
    await nats?.destroy();
  });

  it('answers every request it was given before it stopped taking them', async () => {
    const results: Promise<string>[] = [];
    for (let round = 0; round < 3; round++) {
      app = await NestFactory.createMicroservice(EchoModule, {
        strategy: new GracefulNatsServer({ ...nats.options('intake', 'graceful-test'), queue: 'intake' }, 5_000),
        logger: false,
      });
      await app.listen();
      // A steady stream of requests; the stop begins while hundreds are between the server and this instance.
      let sending = true;
      const sender = (async () => {
        for (let n = round * 100_000; sending; n++) {
          results.push(request(client, n));
          if (n % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 150));
      await app.close();
      sending = false;
      await sender;
    }
    const settled = await Promise.all(results);
    const count = (what: string) => settled.filter((s) => s === what).length;
    expect(count('answered')).toBeGreaterThan(100);
    expect(count('timeout')).toBe(0);
  }, 60_000);
});
