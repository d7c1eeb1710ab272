/** Error codes of the intake service with their HTTP status (stable wire contract: add, never rename). */
export const IntakeErrors = {} as const;
