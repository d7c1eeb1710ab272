import { Caller, CaseParties, CaseReach, isCaseParty } from '@jlis/contracts';
import { DomainError } from '../errors/domain-error';

/** The sentence of CONTRACTOR_NDA_REQUIRED: what the contractor waits for, and who does it. */
export const NDA_REQUIRED_SENTENCE =
  'この案件の Q&A・協定書・提出書類・技術仕様の送付記録・経過は、団体と貴社との守秘義務契約が登録され、貴社を記載した複製申請書兼第三者開示通知書 (A-03-2) が受理された後にご覧いただけます。団体のご担当者様にご確認ください。 / The Q&A, the agreement, the submissions, the spec deliveries and the timeline of this case open to your company once the local government has recorded its NDA with you and its A-03-2 naming you is accepted; please ask the local government.';

/**
 * Applies `isCaseParty` at the reach asked for: a caller who is no party gets `notFound()` (the case does not exist
 * for it); the contractor the case names, asking for what its NDA does not cover yet, gets 403
 * CONTRACTOR_NDA_REQUIRED (it is a party, so it may know the case exists).
 */
export function requireCaseReach(
  caller: Caller,
  parties: CaseParties,
  reach: CaseReach,
  notFound: () => DomainError,
): void {
  // Parties come from a projection (the contractor named a moment ago may not be in it yet).
  if (!isCaseParty(caller, parties)) throw notFound().awaitingEvents();
  if (!isCaseParty(caller, parties, reach)) {
    throw new DomainError('CONTRACTOR_NDA_REQUIRED', NDA_REQUIRED_SENTENCE, { reach });
  }
}
