import { ruleR2QualificationOnce } from './r2-qualification';

describe(ruleR2QualificationOnce.name, () => {
  it('decides a requested case and keeps the trimmed reason', () => {
    expect(ruleR2QualificationOnce({ applicationId: 'a', status: 'requested', reason: '  not a verifier ' })).toBe(
      'not a verifier',
    );
  });

  it('records no reason when none or a blank one is given', () => {
    expect(ruleR2QualificationOnce({ applicationId: 'a', status: 'requested' })).toBeNull();
    expect(ruleR2QualificationOnce({ applicationId: 'a', status: 'requested', reason: '  ' })).toBeNull();
  });

  it('refuses a second decision', () => {
    expect(() => ruleR2QualificationOnce({ applicationId: 'a', status: 'qualified' })).toThrow(
      expect.objectContaining({
        code: 'APPLICATION_NOT_AWAITING_QUALIFICATION',
        details: { applicationId: 'a', status: 'qualified' },
      }),
    );
  });
});
