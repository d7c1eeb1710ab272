import { ruleRefusal } from './rule-refusal';

/**
 * R5 (seed: 「申請内容に応じて」; gate ours): specs are sent only after A-03-1 and A-03-3 are accepted, and only
 * the items applied for in the accepted A-03-1. `accepted` maps the accepted forms (of those two) to their fields.
 */
export function ruleR5SpecsAsAppliedFor(
  items: string[],
  accepted: ReadonlyMap<string, { fields: Record<string, unknown> }>,
): void {
  const missing = ['A-03-1', 'A-03-3'].filter((f) => !accepted.has(f));
  if (missing.length) {
    throw ruleRefusal(
      'SPEC_DELIVERY_TOO_EARLY',
      'R5',
      `R5: specs are sent only after A-03-1 and A-03-3 are accepted; not yet accepted: ${missing.join(', ')}.`,
      { missing },
    );
  }
  const applied = accepted.get('A-03-1')!.fields.items as string[];
  const notApplied = items.filter((i) => !applied.includes(i));
  if (notApplied.length) {
    throw ruleRefusal(
      'SPEC_ITEMS_NOT_APPLIED_FOR',
      'R5',
      `R5: the accepted A-03-1 does not apply for ${notApplied.join(', ')} (it applies for ${applied.join(', ')}).`,
      { missing: notApplied, appliedFor: applied },
      'items',
    );
  }
}
