/** What the cards service answers (views); HTTP answers carry these unchanged. */

/** Unit states. Changing a value needs a migration plan: units and their history are stored with them. */
export const CARD_UNIT_STATES = [
  'in-stock',
  'allocated',
  'shipped',
  'with-applicant',
  'with-contractor',
  'returned',
  'lost',
  'retired',
] as const;
export type CardUnitState = (typeof CARD_UNIT_STATES)[number];

/** Loan states. Changing a value needs a migration plan. */
export const CARD_LOAN_STATES = ['waiting', 'allocated', 'shipped', 'closed'] as const;
export type CardLoanState = (typeof CARD_LOAN_STATES)[number];

/** Conditions of a returned unit: 'good' goes back to stock, 'damaged' is retired. */
export const RETURN_CONDITIONS = ['good', 'damaged'] as const;
export type ReturnCondition = (typeof RETURN_CONDITIONS)[number];

export const CUSTODY_HOLDERS = ['applicant', 'contractor'] as const;
export type CustodyHolder = (typeof CUSTODY_HOLDERS)[number];

/** Most units one line of an A-06 may ask for (the same bound documents validates A-06 fields with); more is a typing mistake, not a loan. */
export const MAX_UNITS_PER_LINE = 100;
/** Most serials one registration may carry. */
export const MAX_SERIALS_PER_REGISTRATION = 1000;
export const SERIAL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
export const KIND_CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** R6, said wherever units are with the contractor (Japanese for applicants, English after " / "). */
export const CONTRACTOR_CUSTODY_NOTE =
  'システム受託者に渡したテスト用ICカードも、引き続き地方公共団体の責任で管理・返却してください。 / Cards passed to the system contractor remain the local government’s responsibility until returned (R6).';

export interface CardKindView {
  code: string;
  name: string;
  applications: string[];
  active: boolean;
  lowStockThreshold: number;
  version: number;
}

export interface CardUnitHistoryEntry {
  state: CardUnitState;
  at: string;
  loanId: string | null;
  actor: string;
  note: string | null;
}

export interface CardUnitView {
  serial: string;
  kind: string;
  state: CardUnitState;
  loanId: string | null;
  applicationId: string | null;
  registeredAt: string;
  history?: CardUnitHistoryEntry[];
}

export interface StockView {
  kind: string;
  name: string;
  inStock: number;
  allocated: number;
  /** Shipped, with the applicant or with the contractor. */
  out: number;
  lost: number;
  retired: number;
  total: number;
  /** Units open loans still wait for. */
  waitingDemand: number;
  lowStockThreshold: number;
  low: boolean;
}

export interface LoanUnitView {
  serial: string;
  kind: string;
  /** The unit's state as far as this loan is concerned ('returned'/'lost' once it is back or written off). */
  state: CardUnitState;
  returnedOn: string | null;
  condition: string | null;
  lostReason: string | null;
}

export interface CardLoanView {
  id: string;
  /** Short number for people, `L-00012` (formatLoanNumber). */
  number: string;
  applicationId: string;
  submissionId: string;
  state: CardLoanState;
  lines: { kind: string; quantity: number; allocated: number }[];
  units: LoanUnitView[];
  shipment: { carrier: string; trackingNumber: string; shippedOn: string; expectedReturnOn: string } | null;
  /** True when the expected return date has passed by at least one business day and units are still out. */
  overdue: boolean;
  businessDaysOverdue: number;
  /** The local government responsible for every lent unit, also those passed on to its contractor (R6). */
  responsibleOrganizationCode: string | null;
  /** Set while units are with the contractor: they remain the local government's responsibility (R6). */
  responsibility?: string;
  openedAt: string;
  closedAt: string | null;
}
