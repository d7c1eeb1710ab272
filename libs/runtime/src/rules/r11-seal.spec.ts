import { DomainError } from '../errors/domain-error';
import { R11_SEAL_CODE, ruleR11SealConfirmed } from './r11-start-date';

describe(ruleR11SealConfirmed.name, () => {
  function refusal(facts: Parameters<typeof ruleR11SealConfirmed>[0]): DomainError {
    try {
      ruleR11SealConfirmed(facts);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return error as DomainError;
    }
    throw new Error(`not refused: ${JSON.stringify(facts)}`);
  }

  it('allows an A-11-2 whose seal the reviewer confirmed, at review and at grant', () => {
    expect(() => ruleR11SealConfirmed({ sealConfirmed: true, at: 'review' })).not.toThrow();
    expect(() => ruleR11SealConfirmed({ sealConfirmed: true, at: 'grant' })).not.toThrow();
  });

  it.each([false, null, undefined])('refuses acceptance with sealConfirmed %p, naming the request field', (given) => {
    const sut = refusal({ sealConfirmed: given, at: 'review' });
    expect(sut.code).toBe(R11_SEAL_CODE);
    expect(sut.status).toBe(422);
    expect(sut.details).toEqual({ field: 'sealConfirmed', rule: 'R11' });
    expect(sut.errors).toEqual([{ field: 'sealConfirmed', message: sut.message }]);
    expect(sut.message).toMatch(/役職印.*差し戻してください。 \/ /);
  });

  it.each([false, null, undefined])(
    'refuses a grant on an acceptance recorded with %p, with the same code',
    (given) => {
      const sut = refusal({ sealConfirmed: given, at: 'grant' });
      expect(sut.code).toBe(R11_SEAL_CODE);
      expect(sut.details).toEqual({ rule: 'R11' });
      expect(sut.errors).toBeUndefined();
      expect(sut.message).toMatch(/役職印の確認が記録されていない.* \/ /);
    },
  );
});
