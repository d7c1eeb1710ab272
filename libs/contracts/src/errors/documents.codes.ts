/** Error codes of the documents service with their HTTP status (stable wire contract: add, never rename). */
export const DocumentsErrors = {} as const;
