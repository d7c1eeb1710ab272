/** Error codes of the intake service with their HTTP status (stable wire contract: add, never rename). */
export const IntakeErrors = {
  /** A well-formed code (check digit right) that is not in the directory of local governments. */
  LOCAL_GOVERNMENT_UNKNOWN: 422,
  /** A designated city's administrative ward (行政区): its city applies, not the ward. */
  LOCAL_GOVERNMENT_IS_WARD: 422,
  /** The directory marks the local government as no longer existing (e.g. merged). */
  LOCAL_GOVERNMENT_INACTIVE: 422,
  /** The organisation already has an open case for one of the verifier kinds asked for (details: applicationId). */
  APPLICATION_ALREADY_OPEN: 409,
  /** A-2 decided on a case that is not waiting for it (status other than requested). */
  APPLICATION_NOT_AWAITING_QUALIFICATION: 409,
  /** A change asked on a case that is closed (rejected, withdrawn, revoked). */
  APPLICATION_CLOSED: 409,
  /** A withdrawal asked for a case that already has (or had) production access. */
  APPLICATION_NOT_WITHDRAWABLE: 409,
  /** A contractor id that the access service has not registered (or whose registration has not reached intake yet). */
  CONTRACTOR_UNKNOWN: 422,
  /** the test's end is recorded once; it was already recorded (details: testCompletedOn). */
  TEST_COMPLETION_ALREADY_RECORDED: 409,
  /** a test's end recorded for a case that is not qualified (or live) yet. */
  TEST_COMPLETION_TOO_EARLY: 409,
} as const;
