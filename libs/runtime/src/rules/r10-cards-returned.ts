import { DomainError } from '../errors/domain-error';

/**
 * R10 (seed; hold ours): production access (A-12) is held while the case still holds lent test cards, unless an
 * operator overrides with a recorded reason. Only the first production grant is held (R13: a change is not), so the
 * caller asks only then. `unitsOut` is cards' count of units shipped and not returned (its HoldingsChanged event).
 */
export function ruleR10CardsReturnedBeforeProduction(facts: { unitsOut: number; overrideReason?: string }): void {
  if (facts.unitsOut <= 0 || facts.overrideReason) return;
  const { unitsOut } = facts;
  throw new DomainError(
    'CARDS_OUTSTANDING',
    `テスト用ICカードが ${unitsOut} 枚返却されていません。返却後に設定するか、理由を記録して例外として設定してください。 / The case still holds ${unitsOut} lent test card(s) (R10); wait for their return or grant with an overrideReason that is kept with the grant.`,
    { unitsOut },
  );
}

/** R10's override is an exception to the production hold; test access has no hold, so it takes no reason. */
export function ruleR10OverrideOnlyForProduction(overrideReason: string | undefined): void {
  if (overrideReason === undefined) return;
  throw new DomainError(
    'OVERRIDE_NOT_APPLICABLE',
    'overrideReason applies to production access only (R10); leave it out for test access.',
    undefined,
    [{ field: 'overrideReason', message: 'only for environment "production"' }],
  );
}
