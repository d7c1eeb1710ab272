import { ruleR5SpecsAsAppliedFor } from './r5-spec-delivery';

describe(ruleR5SpecsAsAppliedFor.name, () => {
  const accepted = new Map([
    ['A-03-1', { fields: { items: ['server', 'profile'] } }],
    ['A-03-3', { fields: {} }],
  ]);

  it('sends what the accepted A-03-1 applies for', () => {
    expect(() => ruleR5SpecsAsAppliedFor(['server'], accepted)).not.toThrow();
  });

  it('refuses before A-03-1 and A-03-3 are accepted, naming what is missing', () => {
    expect(() => ruleR5SpecsAsAppliedFor(['server'], new Map([['A-03-1', accepted.get('A-03-1')!]]))).toThrow(
      expect.objectContaining({ code: 'SPEC_DELIVERY_TOO_EARLY', details: { rule: 'R5', missing: ['A-03-3'] } }),
    );
  });

  it('refuses items not applied for', () => {
    expect(() => ruleR5SpecsAsAppliedFor(['client'], accepted)).toThrow(
      expect.objectContaining({
        code: 'SPEC_ITEMS_NOT_APPLIED_FOR',
        details: { rule: 'R5', missing: ['client'], appliedFor: ['server', 'profile'] },
      }),
    );
  });
});
