import { VerifiedToken, VerifiedTokenCache } from './verified-token-cache';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const seconds = (ms: number) => Math.floor(ms / 1000);
const entry = (over: Partial<VerifiedToken> = {}): VerifiedToken => ({
  caller: { sub: 'op-1', role: 'operator' },
  exp: seconds(T0) + 600,
  key: 'k1',
  header: { alg: 'HS256' },
  ...over,
});

describe(VerifiedTokenCache.name, () => {
  let now: number;
  const cache = (tolerance = 0, ttlMs = 30_000, max = 100) => new VerifiedTokenCache(tolerance, ttlMs, max, () => now);
  beforeEach(() => (now = T0));

  it('gives back a verified token within its TTL', () => {
    const sut = cache();
    sut.set('t', entry());
    now += 29_000;
    expect(sut.get('t')?.caller).toEqual({ sub: 'op-1', role: 'operator' });
    expect(sut.get('other')).toBeUndefined();
  });

  it('forgets a token once the TTL has passed, even when its exp is far away', () => {
    const sut = cache();
    sut.set('t', entry());
    now += 30_000;
    expect(sut.get('t')).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('applies exp on every hit, with the clock tolerance and no more', () => {
    const exp = seconds(T0) + 5;
    const strict = cache(0);
    strict.set('t', entry({ exp }));
    now = T0 + 4_999;
    expect(strict.get('t')).toBeDefined();
    now = T0 + 5_000;
    expect(strict.get('t')).toBeUndefined();

    now = T0;
    const lenient = cache(10);
    lenient.set('t', entry({ exp }));
    now = T0 + 14_999;
    expect(lenient.get('t')).toBeDefined();
    now = T0 + 15_000;
    expect(lenient.get('t')).toBeUndefined();
  });

  it('applies nbf on every hit', () => {
    const sut = cache(0);
    sut.set('t', entry({ nbf: seconds(T0) + 60 }));
    expect(sut.get('t')).toBeUndefined();
    sut.set('u', entry({ nbf: seconds(T0) }));
    expect(sut.get('u')).toBeDefined();
  });

  it('holds at most its bound, dropping the least recently used token first', () => {
    const sut = cache(0, 30_000, 3);
    for (const t of ['a', 'b', 'c']) sut.set(t, entry());
    expect(sut.get('a')).toBeDefined(); // a is now the most recent
    sut.set('d', entry());
    expect(sut.size).toBe(3);
    expect(sut.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].every((t) => sut.get(t))).toBe(true);
  });
});
