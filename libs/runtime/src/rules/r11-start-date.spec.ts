import { DomainError } from '../errors/domain-error';
import { R11_CODE, ruleR11StartDateOnOrAfterAgreement } from './r11-start-date';

describe(ruleR11StartDateOnOrAfterAgreement.name, () => {
  const agreement = { version: 2, effectiveFrom: '2027-02-01' };

  it('allows the effective date itself and any later day', () => {
    expect(() => ruleR11StartDateOnOrAfterAgreement('2027-02-01', agreement)).not.toThrow();
    expect(() => ruleR11StartDateOnOrAfterAgreement('2027-12-31', agreement)).not.toThrow();
  });

  it('refuses the day before with the one R11 code, both dates, the version and the field when given', () => {
    let caught: unknown;
    try {
      ruleR11StartDateOnOrAfterAgreement('2027-01-31', agreement, 'fields.startDate');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const sut = caught as DomainError;
    expect(sut.code).toBe(R11_CODE);
    expect(sut.message).toContain('2027-01-31');
    expect(sut.message).toContain('2027-02-01');
    expect(sut.details).toEqual({
      field: 'fields.startDate',
      startDate: '2027-01-31',
      effectiveFrom: '2027-02-01',
      agreementVersion: 2,
    });
    expect(sut.errors).toEqual([{ field: 'fields.startDate', message: 'must be on or after 2027-02-01' }]);
  });

  it('names no field when the date came in none (a grant on an accepted A-11-2)', () => {
    expect(() => ruleR11StartDateOnOrAfterAgreement('2026-04-25', { version: 1, effectiveFrom: '2026-04-26' })).toThrow(
      expect.objectContaining({ code: R11_CODE, errors: undefined }),
    );
  });
});
