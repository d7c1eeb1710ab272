import { acceptEvent, currentEventVersion, EVENT_VERSIONS, EventVersioning } from './catalogue';
import { CardsEvents } from '../cards/cards.events';

describe('event versions (catalogue.ts)', () => {
  // A type at v2 whose v1 named the threshold `threshold` and v2 `lowAt`: what a raised version looks like.
  const versions: Record<string, EventVersioning> = {
    'cards.stock.low': {
      version: 2,
      upcast: (p) => ({ kind: p.kind as string, inStock: p.inStock as number, threshold: p.threshold as number }),
    },
  };

  it('writes every catalogued type at its current version, and a type outside the catalogue at 1', () => {
    expect(currentEventVersion(CardsEvents.StockLow)).toBe(EVENT_VERSIONS[CardsEvents.StockLow].version);
    expect(currentEventVersion('test.thing.happened')).toBe(1);
  });

  it('gives every type above version 1 an upcast from the previous version', () => {
    const missing = Object.entries(EVENT_VERSIONS)
      .filter(([, v]) => v.version > 1 && !v.upcast)
      .map(([type]) => type);
    expect(missing).toEqual([]);
  });

  it('accepts the current version as it is', () => {
    const payload = { kind: 'JPKI', inStock: 1, threshold: 2 };
    expect(acceptEvent('cards.stock.low', 2, payload, versions)).toEqual({
      ok: true,
      version: 2,
      payload,
      upcast: false,
    });
  });

  it('accepts the previous version, upcast to the current shape', () => {
    expect(acceptEvent('cards.stock.low', 1, { kind: 'JPKI', inStock: 1, threshold: 2 }, versions)).toEqual({
      ok: true,
      version: 2,
      payload: { kind: 'JPKI', inStock: 1, threshold: 2 },
      upcast: true,
    });
  });

  it('refuses a newer version (a producer deployed first) and one older than the previous', () => {
    expect(acceptEvent('cards.stock.low', 3, {}, versions)).toEqual({
      ok: false,
      reason: expect.stringContaining('newer than this build knows'),
    });
    expect(acceptEvent('cards.stock.low', 1, {}, { 'cards.stock.low': { version: 3 } })).toEqual({
      ok: false,
      reason: expect.stringContaining('older than this build accepts'),
    });
  });

  it('takes any version of a type outside the catalogue', () => {
    expect(acceptEvent('test.thing.happened', 7, { a: 1 }, versions)).toMatchObject({ ok: true, version: 7 });
  });
});
