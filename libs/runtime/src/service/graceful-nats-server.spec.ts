import { ServerNats } from '@nestjs/microservices';
import { GracefulNatsServer } from './graceful-nats-server';

/** Reaches the protected route lookup of both transports. */
const routeOf = (server: ServerNats, pattern: string): string =>
  (server as unknown as { getRouteFromPattern(p: string): string }).getRouteFromPattern(pattern);

describe(GracefulNatsServer.name, () => {
  const sut = new GracefulNatsServer({ servers: ['nats://127.0.0.1:4222'] }, 1_000);
  const nest = new ServerNats({ servers: ['nats://127.0.0.1:4222'] });

  it("routes every kind of subject exactly as Nest's transport does", () => {
    for (const pattern of [
      'intake.application.get',
      'evt.cards.loan.shipped',
      'a.b',
      'true',
      'null',
      '42',
      '"quoted.subject"',
      '{"cmd":"intake.application.get"}',
      '{"b":1,"a":{"c":"x.y"}}',
      'no-dot-at-all',
    ]) {
      expect(routeOf(sut, pattern)).toBe(routeOf(nest, pattern));
    }
  });

  it('does not try to parse a dotted subject as JSON', () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      routeOf(sut, 'intake.application.get');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});
