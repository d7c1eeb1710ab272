/** Error codes of the cards service with their HTTP status (stable wire contract: add, never rename). */
export const CardsErrors = {} as const;
