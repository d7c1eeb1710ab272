import { DomainError } from '../errors/domain-error';

/**
 * R6 (seed): test cards are lent only against a received (accepted) A-06 loan receipt of the same case. Cards opens a
 * loan by itself on the A-06's acceptance event, so the check is asked when an operator opens one by hand: `receipt`
 * is the accepted A-06 cards has recorded under `submissionId`, if any.
 */
export function ruleR6LoanAgainstAcceptedA06(facts: {
  applicationId: string;
  submissionId: string;
  receipt?: { applicationId: string };
}): void {
  const { applicationId, submissionId, receipt } = facts;
  if (receipt && receipt.applicationId === applicationId) return;
  throw new DomainError(
    'A06_NOT_ACCEPTED',
    'この提出書類は、この案件の受理済みの A-06 (借用書) として記録されていません (R6)。テスト用カードは受理済みの A-06 に基づいて貸し出します。A-06 を受理してから、または数秒後に再度お試しください。 / The submission is not known here as an accepted A-06 of this case. Cards are lent only against an accepted loan receipt (R6); accept the A-06 first, or wait a moment for its event.',
    { submissionId, applicationId },
  );
}
