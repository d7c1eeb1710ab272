/** Error codes of the access service with their HTTP status (stable wire contract: add, never rename). */
export const AccessErrors = {
  /** 法人番号 with a wrong check digit or not 13 digits. */
  CORPORATE_NUMBER_INVALID: 400,
  CONTRACTOR_ALREADY_REGISTERED: 409,
  /** A CIDR that does not parse (or an address in an unusual notation such as 010.0.0.1). */
  CIDR_MALFORMED: 400,
  /** 192.0.2.1/24: bits set after the prefix. */
  CIDR_HOST_BITS_SET: 400,
  /** /0 (the whole address space) or otherwise too broad. */
  CIDR_TOO_BROAD: 400,
  /** Two CIDRs of one request overlap (or repeat). */
  CIDR_OVERLAP_IN_REQUEST: 400,
  /** A CIDR overlaps another contractor's registration in the same environment. */
  CIDR_CLASH: 409,
  CONNECTION_METHOD_UNKNOWN: 400,
  CONNECTION_IN_USE: 409,
  CONNECTION_WITHDRAWN: 409,
  CONNECTION_WRONG_ENVIRONMENT: 409,
  CONNECTION_NOT_OF_CASE_CONTRACTOR: 409,
  CONNECTION_NOT_REGISTERED_ELSEWHERE: 409,
  CONNECTION_ALREADY_LINKED: 409,
  ONLINE_TEST_NOT_WANTED: 409,
  DATE_IN_FUTURE: 400,
  /** The first production grant of a case that wanted the online test, before its test's end is recorded. */
  TEST_NOT_COMPLETED: 409,
  /** A grant asked for in the wrong step: a precondition (document, link, LGWAN task) is missing. */
  ACCESS_PRECONDITION_MISSING: 409,
  LGWAN_TASK_NOT_DONE: 409,
  /**
   * Retired (decision 141): R11 answers ACCESS_START_BEFORE_AGREEMENT from every service. Kept so that the registry
   * stays add-only and a consumer matching it still compiles; no service sends it any more.
   */
  START_DATE_BEFORE_AGREEMENT: 422,
  AGREEMENT_NOT_CONCLUDED: 409,
  /**
   * Retired (decision 230): R11's seal half answers SUBMISSION_SEAL_NOT_CONFIRMED (422) from every service. Kept so that
   * the registry stays add-only and a consumer matching it still compiles; no service sends it any more.
   */
  SEAL_NOT_CONFIRMED: 409,
  CARDS_OUTSTANDING: 409,
  ACCESS_ALREADY_GRANTED: 409,
  ACCESS_SUSPENDED: 409,
  GRANT_STATE_CONFLICT: 409,
  /** Only a test grant still in effect (active or suspended) is extended, to a day later than its current end. */
  TEST_ACCESS_NOT_EXTENDABLE: 409,
  OVERRIDE_NOT_APPLICABLE: 400,
  /** The case is rejected, withdrawn or revoked: no access is granted on it. */
  CASE_CLOSED: 409,
  /** The operator who proposed a decision cannot approve it too: a second person must (APPROVALS_REQUIRED). */
  APPROVER_IS_PROPOSER: 409,
  /** This operator already approved the decision (more than two people are required). */
  ALREADY_APPROVED_BY_YOU: 409,
  /** The decision was already approved and carried out. */
  DECISION_ALREADY_APPROVED: 409,
  /** The same decision (same A-11-2, or same grant and action) is already proposed and waits for approval. */
  DECISION_ALREADY_PROPOSED: 409,
  /** Since the proposal a newer A-11-2 was accepted: propose again on it. */
  DECISION_OUTDATED: 409,
  /** Two-person decisions show who decided by name: the token must carry the name claim. */
  NAME_CLAIM_MISSING: 403,
} as const;
