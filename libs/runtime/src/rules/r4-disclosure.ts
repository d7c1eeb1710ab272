import { ruleRefusal } from './rule-refusal';

/** What documents knows when a local government records passing specs on to its contractor. */
export interface DisclosureFacts {
  contractorId: string;
  /** The specs passed on. */
  items: string[];
  /** The case's latest accepted A-03-2, if any. */
  a0302?: { fields: Record<string, unknown> };
  /** Whether the organisation's NDA with that contractor is on file. */
  ndaOnFile: boolean;
}

/**
 * R4 (seed): specs go on to the system contractor only with an accepted A-03-2 naming the contractor and listing
 * the specs, and with the organisation's NDA with that contractor on file. Refusals in that order. (R4's other half,
 * what the contractor sees before the NDA covers it, is `ruleR4ContractorCovered` below, over the same facts.)
 */
export function ruleR4DisclosureToContractor(facts: DisclosureFacts): void {
  const { contractorId, items, a0302 } = facts;
  if (!a0302 || a0302.fields.contractorId !== contractorId) {
    throw ruleRefusal(
      'DISCLOSURE_WITHOUT_A0302',
      'R4',
      'R4: 指定の受託者を記載した受理済みの複製申請書兼第三者開示通知書 (A-03-2) がないため、技術仕様を開示できません。A-03-2 を提出し受理を受けてください。 / R4: no accepted A-03-2 names this contractor; submit one and have it accepted before passing specs on.',
      { missing: 'A-03-2', contractorId },
      'contractorId',
    );
  }
  const listed = a0302.fields.items as string[];
  const notListed = items.filter((i) => !listed.includes(i));
  if (notListed.length) {
    throw ruleRefusal(
      'DISCLOSURE_ITEMS_NOT_LISTED',
      'R4',
      `R4: 受理済みの A-03-2 に記載のない技術仕様は開示できません: ${notListed.join(', ')} (記載: ${listed.join(', ')})。 / R4: the accepted A-03-2 does not list ${notListed.join(', ')} (it lists ${listed.join(', ')}).`,
      { missing: notListed, listed },
      'items',
    );
  }
  if (!facts.ndaOnFile) {
    throw ruleRefusal(
      'DISCLOSURE_WITHOUT_NDA',
      'R4',
      'R4: 団体と指定の受託者との守秘義務契約が登録されていません。先に登録してください (POST /applications/{id}/contractor-ndas)。 / R4: the NDA between your organisation and this contractor is not on file; record it first (POST /applications/{id}/contractor-ndas).',
      { missing: 'contractor NDA', contractorId },
      'contractorId',
    );
  }
}

/** What documents knows when it decides how far the contractor a case names may see into it. */
export interface ContractorCoverFacts {
  /** The contractor the case names now (none: nobody is covered). */
  contractorId: string | null | undefined;
  /** Whether the organisation's NDA with that contractor is on file. */
  ndaOnFile: boolean;
  /** The contractors named by the case's accepted A-03-2s (any series: a previous contractor's stays accepted). */
  acceptedA0302ContractorIds: readonly string[];
}

/**
 * R4's visibility half (ours, decision 69): the contractor a case names is covered — sees the Q&A, the agreement and
 * the other submissions, not only what it supplies itself — once the organisation's NDA with it is on file and an
 * A-03-2 of the case naming it is accepted. The verdict is `CaseParties.contractorCovered`, which `isCaseParty` reads.
 */
export function ruleR4ContractorCovered(facts: ContractorCoverFacts): boolean {
  const { contractorId } = facts;
  if (!contractorId) return false;
  return facts.ndaOnFile && facts.acceptedA0302ContractorIds.includes(contractorId);
}
