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
  /** Units registered into stock (one or a batch). */
  UnitsRegistered: 'cards.units.registered',
  /** Units of a shipped loan passed to the applicant or its contractor (they stay the local government's responsibility, R6). */
  LoanCustodyChanged: 'cards.loan.custody-changed',
  /** A lent unit written off as lost, with the reason. */
  LoanUnitLost: 'cards.loan.unit-lost',
  /** A unit taken out of service (damaged on return, or by an operator). */
  UnitRetired: 'cards.unit.retired',
} as const;

export interface CardKindDefinedPayload {
  code: string;
  name: string;
  applications: string[];
  active: boolean;
}

/**
 * A loan's short number, `L-00012`, from its opening order across all loans (the card stock is one, so J-LIS's desk
 * counts loans across cases): what a mail and a phone call use instead of the loan's id.
 */
export function formatLoanNumber(openedSeq: number | string): string {
  return `L-${String(openedSeq).padStart(5, '0')}`;
}

export interface LoanEventPayload {
  loanId: string;
  /** `L-00012` (formatLoanNumber); absent from events written before loans had numbers. */
  loanNumber?: string;
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
  /** Units of the loan with their kind (allocated, shipped, returned …, as the event says). */
  units?: { serial: string; kind: string }[];
  /** Returns: the condition recorded ('good' goes back to stock, 'damaged' is retired). */
  condition?: string;
  /** Custody: who now holds the units. */
  holder?: 'applicant' | 'contractor';
  contractorId?: string | null;
  /** The local government responsible for the lent units, whoever holds them (R6). */
  responsibleOrganizationCode?: string;
  /** Losses: the reason written off. */
  reason?: string;
  /** The loan's state after the event. */
  state?: string;
  /** Units still out (not returned nor written off) after the event. */
  unitsOutstanding?: number;
}

export interface UnitsRegisteredPayload {
  kind: string;
  serials: string[];
}

export interface UnitRetiredPayload {
  serial: string;
  kind: string;
  reason: string;
}

export interface HoldingsChangedPayload {
  applicationId: string;
  unitsOut: number;
}

export interface StockLowPayload {
  kind: string;
  inStock: number;
  threshold: number;
  /** Units loans are still waiting for, of this kind. */
  waitingDemand?: number;
}
