import { missingPapers } from './access-papers';

/** The A-11 documents production access stands on (domain.md, A-11), in the order refusals name them. */
export const R12_A11_FORMS = ['A-11-1', 'A-11-2', 'URL', 'A-11-3'] as const;

/**
 * R12 (ours): J-LIS sets production access only after the A-11 documents are accepted, and it takes effect on the
 * A-11-2's start date (`ruleR12EffectiveOn`). `accepted` lists the forms access has seen accepted.
 */
export function ruleR12ProductionAfterA11Accepted(accepted: readonly string[]): void {
  const missing = R12_A11_FORMS.filter((form) => !accepted.includes(form));
  if (missing.length) throw missingPapers(missing, 'production');
}

/** R12's second half: the grant takes effect on the start date, or today when that date has passed (both `YYYY-MM-DD`). */
export function ruleR12EffectiveOn(startDate: string, today: string): string {
  return startDate > today ? startDate : today;
}
