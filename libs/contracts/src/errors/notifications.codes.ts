/** Error codes of the notifications service with their HTTP status (stable wire contract: add, never rename). */
export const NotificationsErrors = {} as const;
