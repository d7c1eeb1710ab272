/** Error codes of the notifications service with their HTTP status (stable wire contract: add, never rename). */
export const NotificationsErrors = {
  /** A webhook URL that may not be called: not https in production, or a private, loopback or link-local address. */
  WEBHOOK_URL_NOT_ALLOWED: 400,
} as const;
