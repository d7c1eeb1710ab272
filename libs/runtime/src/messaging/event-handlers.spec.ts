import type { EventEnvelope } from '@jlis/contracts';
import { EventHandlers } from './event-handlers';

const event = (type: string, resync?: true): EventEnvelope =>
  ({ id: 'e1', type, version: 1, payload: {}, ...(resync ? { resync } : {}) }) as unknown as EventEnvelope;

describe('EventHandlers', () => {
  const own = async () => undefined;
  const any = async () => undefined;

  it('runs an onAny handler after the type’s own, except for the events its skip names', () => {
    const handlers = new EventHandlers();
    handlers.on('other.thing.done', own);
    handlers.onAny(any, (e) => e.type.startsWith('mine.'));
    expect(handlers.for(event('other.thing.done'))).toEqual([own, any]);
    expect(handlers.for(event('other.thing.else'))).toEqual([any]);
    // An event left with no handler is acknowledged without a transaction (EventConsumer).
    expect(handlers.for(event('mine.thing.done'))).toEqual([]);
  });

  it('gives a resync snapshot to projections only, never to onAny handlers', () => {
    const handlers = new EventHandlers();
    const projection = async () => undefined;
    handlers.on('other.thing.done', projection, { projection: true });
    handlers.on('other.thing.done', own);
    handlers.onAny(any);
    expect(handlers.for(event('other.thing.done', true))).toEqual([projection]);
  });
});
