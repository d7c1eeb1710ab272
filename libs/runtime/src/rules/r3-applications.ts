/** The A-3 applications every case files: spec disclosure, the NDA with J-LIS, test-environment use. */
export const R3_A3_FORMS = ['A-03-1', 'A-03-3', 'A-03-4'] as const;

/**
 * R3 (seed): the NDA (A-03-3) and the applications (A-03-1, A-03-4) may arrive together or in any order — so
 * is done on the set of accepted forms alone, never on their order; with a contractor named, its A-03-2 too (R4).
 * Returns the forms that complete A-3 when all are accepted, or null while one is missing.
 */
export function ruleR3ApplicationsComplete(facts: {
  accepted: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  namesContractor: boolean;
}): string[] | null {
  const required: string[] = facts.namesContractor ? [...R3_A3_FORMS, 'A-03-2'] : [...R3_A3_FORMS];
  return required.every((form) => facts.accepted.has(form)) ? required : null;
}
