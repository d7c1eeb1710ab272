/** Events of the cards service (add fields freely; never rename or remove). */
export const CardsEvents = {
  /** A card kind defined or changed (defaults included, from the first migration). */
  CardKindDefined: 'cards.card-kind.defined',
  LoanOpened: 'cards.loan.opened',
  LoanAllocated: 'cards.loan.allocated',
  LoanWaiting: 'cards.loan.waiting',
  LoanShipped: 'cards.loan.shipped',
  LoanReturned: 'cards.loan.returned',
  LoanClosed: 'cards.loan.closed',
  LoanOverdue: 'cards.loan.overdue',
  /** How many lent units a case still holds (R10); access holds production access while > 0. */
  HoldingsChanged: 'cards.holdings.changed',
  StockLow: 'cards.stock.low',
} as const;

export interface CardKindDefinedPayload {
  code: string;
  name: string;
  applications: string[];
  active: boolean;
}

export interface LoanEventPayload {
  loanId: string;
  applicationId: string;
  /** The A-06 submission the loan answers. */
  submissionId?: string;
  lines?: { kind: string; quantity: number }[];
  serials?: string[];
  shortages?: { kind: string; missing: number }[];
  carrier?: string;
  trackingNumber?: string;
  shippedOn?: string;
  expectedReturnOn?: string;
  receivedOn?: string;
  businessDaysOverdue?: number;
}

export interface HoldingsChangedPayload {
  applicationId: string;
  unitsOut: number;
}

export interface StockLowPayload {
  kind: string;
  inStock: number;
  threshold: number;
}
