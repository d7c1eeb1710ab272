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
} as const;
