/**
 * Error codes shared by every service, with their HTTP status. Codes are a stable wire contract:
 * portals branch on them, so never rename one; add new ones instead.
 */
export const CommonErrors = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_REQUEST: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  /** The Idempotency-Key was used by the same caller for another operation (route) or another object (path ids). */
  IDEMPOTENCY_KEY_OTHER_REQUEST: 422,
  /** A write that would duplicate something unique (a database unique constraint), e.g. two concurrent creations. */
  ALREADY_EXISTS: 409,
  PRECONDITION_NOT_YET_KNOWN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  SERVICE_TIMEOUT: 504,
  /** A replayed dead letter failed again; it stays parked with the new error in its history. */
  DEAD_LETTER_REPLAY_FAILED: 409,
  /** The dead letter was already replayed or discarded. */
  DEAD_LETTER_CLOSED: 409,
  /**
   * A connection cited (A-08-1, A-11-2, a connection link, a grant) while the case names no system contractor: the
   * connection must be the named contractor's (documents and access alike).
   */
  CASE_NAMES_NO_CONTRACTOR: 409,
  /**
   * The contractor a case names asked for what only the NDA covers (Q&A, agreement, other submissions, spec
   * deliveries, timeline) before the local government's NDA with it is on file and its A-03-2 accepted (R4).
   */
  CONTRACTOR_NDA_REQUIRED: 403,
  /**
   * A request over NATS without the gateway's signed caller assertion (header x-jlis-caller). Services answer these
   * four to whoever sent the request; the gateway never passes them on to an HTTP client (it signed the request itself,
   * so a refusal is its own fault and answers 500).
   */
  CALLER_ASSERTION_MISSING: 401,
  /** An assertion not signed by a gateway key the service knows, or made for another subject or payload. */
  CALLER_ASSERTION_INVALID: 401,
  /** An assertion past its expiry (assertions live 30 seconds). */
  CALLER_ASSERTION_EXPIRED: 401,
  /** An assertion this service instance has already accepted once. */
  CALLER_ASSERTION_REPLAYED: 401,
} as const;
