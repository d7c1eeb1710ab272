/** Error codes of the access service with their HTTP status (stable wire contract: add, never rename). */
export const AccessErrors = {} as const;
