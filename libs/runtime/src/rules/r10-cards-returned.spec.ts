import { ruleR10CardsReturnedBeforeProduction, ruleR10OverrideOnlyForProduction } from './r10-cards-returned';

describe(ruleR10CardsReturnedBeforeProduction.name, () => {
  it('lets a case holding no cards through', () => {
    expect(() => ruleR10CardsReturnedBeforeProduction({ unitsOut: 0 })).not.toThrow();
  });

  it('holds a case still holding cards, with the count', () => {
    expect(() => ruleR10CardsReturnedBeforeProduction({ unitsOut: 2 })).toThrow(
      expect.objectContaining({ code: 'CARDS_OUTSTANDING', details: { unitsOut: 2 } }),
    );
  });

  it('lets an operator override with a reason, not with an empty one', () => {
    expect(() => ruleR10CardsReturnedBeforeProduction({ unitsOut: 2, overrideReason: 'lost' })).not.toThrow();
    expect(() => ruleR10CardsReturnedBeforeProduction({ unitsOut: 2, overrideReason: '' })).toThrow(
      expect.objectContaining({ code: 'CARDS_OUTSTANDING' }),
    );
  });
});

describe(ruleR10OverrideOnlyForProduction.name, () => {
  it('accepts no reason', () => {
    expect(() => ruleR10OverrideOnlyForProduction(undefined)).not.toThrow();
  });

  it('refuses a reason on test access, naming the field', () => {
    expect(() => ruleR10OverrideOnlyForProduction('')).toThrow(
      expect.objectContaining({
        code: 'OVERRIDE_NOT_APPLICABLE',
        errors: [{ field: 'overrideReason', message: 'only for environment "production"' }],
      }),
    );
  });
});
