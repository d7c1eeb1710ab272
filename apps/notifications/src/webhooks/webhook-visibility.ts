import { ApplicationSnapshot, Caller, CaseReach, DocumentsEvents, isCaseParty, submissionReach } from '@jlis/contracts';

/** Events that show what only the NDA covers (R4): the Q&A, the agreement, spec deliveries — as their reads do. */
const CONFIDENTIAL_EVENTS: readonly string[] = [
  DocumentsEvents.QuestionAsked,
  DocumentsEvents.QuestionAnswered,
  DocumentsEvents.AgreementConcluded,
  DocumentsEvents.SpecDelivered,
  DocumentsEvents.SpecReceived,
];

const SUBMISSION_EVENTS: readonly string[] = [
  DocumentsEvents.SubmissionReceived,
  DocumentsEvents.SubmissionAccepted,
  DocumentsEvents.SubmissionReturned,
];

/** How far into the case an event reaches: as far as the read that shows what it is about. */
export function eventReach(type: string, payload: Record<string, unknown> | undefined): CaseReach {
  if (CONFIDENTIAL_EVENTS.includes(type)) return 'confidential';
  if (SUBMISSION_EVENTS.includes(type)) return submissionReach(typeof payload?.form === 'string' ? payload.form : '');
  return 'case';
}

/**
 * Whether a subscription's owner may receive an event of this case: exactly whether it may read it — the one
 * case-party check of contracts at the event's reach, against the case as this service holds it now (so a contractor
 * the case no longer names receives nothing from then on). What decides a contractor's NDA cover is kept by documents,
 * not here, so `contractorCovered` is absent, which the rule reads as not covered: a contractor's subscription receives
 * no confidential event; it reads those through the API once its NDA covers it.
 */
export function mayReceive(owner: Caller, snapshot: ApplicationSnapshot, reach: CaseReach): boolean {
  return isCaseParty(
    owner,
    { applicationId: snapshot.id, organizationCode: snapshot.organizationCode, contractorId: snapshot.contractorId },
    reach,
  );
}
