import { formatReceptionNumber, parseReceptionNumber } from './reception-number';

describe('reception numbers (受付番号)', () => {
  it('are written JPKI-year-five digits, wider only when the year needs it', () => {
    expect(formatReceptionNumber(2026, 42)).toBe('JPKI-2026-00042');
    expect(formatReceptionNumber(2027, 1)).toBe('JPKI-2027-00001');
    expect(formatReceptionNumber(2026, 123456)).toBe('JPKI-2026-123456');
  });

  it.each([
    ['JPKI-2026-00042', 'JPKI-2026-00042'],
    ['jpki-2026-42', 'JPKI-2026-00042'],
    [' JPKI 2026-00042 ', 'JPKI-2026-00042'],
    ['ＪＰＫＩ－２０２６－０００４２', 'JPKI-2026-00042'],
    ['2026-42', 'JPKI-2026-00042'],
    ['JPKI202600042', 'JPKI-2026-00042'],
    ['JPKI-2026−00042', 'JPKI-2026-00042'],
  ])('reads %s as %s', (typed, stored) => {
    expect(parseReceptionNumber(typed)).toBe(stored);
  });

  it.each(['', '131016', '千代田', 'JPKI-2026', 'JPKI-26-1', 'JPKI-2026-0', 'ABC-2026-1', '2026-42-1'])(
    'does not take %p for a reception number',
    (typed) => {
      expect(parseReceptionNumber(typed)).toBeUndefined();
    },
  );
});
