import { R12_A11_FORMS, ruleR12EffectiveOn, ruleR12ProductionAfterA11Accepted } from './r12-production-access';

describe(ruleR12ProductionAfterA11Accepted.name, () => {
  it('lets a case with every A-11 document accepted through', () => {
    expect(() => ruleR12ProductionAfterA11Accepted([...R12_A11_FORMS, 'A-03-4'])).not.toThrow();
  });

  it('waits for what is missing, in the forms’ order, at A-12', () => {
    expect(() => ruleR12ProductionAfterA11Accepted(['A-11-2'])).toThrow(
      expect.objectContaining({
        code: 'PRECONDITION_NOT_YET_KNOWN',
        details: { missing: ['A-11-1', 'URL', 'A-11-3'], step: 'A-12' },
      }),
    );
  });
});

describe(ruleR12EffectiveOn.name, () => {
  it('takes effect on a future start date', () => {
    expect(ruleR12EffectiveOn('2027-03-01', '2027-02-01')).toBe('2027-03-01');
  });

  it('takes effect today when the start date is today or past', () => {
    expect(ruleR12EffectiveOn('2027-02-01', '2027-02-01')).toBe('2027-02-01');
    expect(ruleR12EffectiveOn('2027-01-01', '2027-02-01')).toBe('2027-02-01');
  });
});
