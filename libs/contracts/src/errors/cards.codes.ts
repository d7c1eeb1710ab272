/** Error codes of the cards service with their HTTP status (stable wire contract: add, never rename). */
export const CardsErrors = {
  /** A card kind code that is not in the catalogue. */
  CARD_KIND_UNKNOWN: 422,
  /** A card kind with this code already exists (edit it with PUT instead). */
  CARD_KIND_EXISTS: 409,
  /** A serial number that is already registered (or given twice in one request). */
  CARD_SERIAL_DUPLICATE: 409,
  /** A serial number that is not registered. */
  CARD_SERIAL_UNKNOWN: 422,
  /** The unit is not in a state that allows the action (e.g. retiring a lent unit). */
  CARD_STATE_CONFLICT: 409,
  /** Shipment refused: the loan has not got every unit it asked for yet. */
  LOAN_NOT_ALLOCATED: 409,
  /** The loan was already shipped. */
  LOAN_ALREADY_SHIPPED: 409,
  /** Custody, returns and losses need a shipped loan. */
  LOAN_NOT_SHIPPED: 409,
  /** The loan is closed: every unit is back or written off. */
  LOAN_CLOSED: 409,
  /** A serial that is not (or no longer) on this loan. */
  CARD_NOT_ON_LOAN: 422,
  /** The unit was already returned or written off on this loan. */
  CARD_ALREADY_RETURNED: 409,
  /** A date that cannot be (received in the future, before shipment, return due before shipment). */
  CARD_DATE_INVALID: 422,
  /** A loan for this A-06 submission already exists. */
  LOAN_EXISTS: 409,
  /** The A-06 submission named is not (yet) known here as accepted for that case. */
  A06_NOT_ACCEPTED: 409,
  /** Custody to the contractor while the case names none. */
  CASE_HAS_NO_CONTRACTOR: 409,
} as const;
