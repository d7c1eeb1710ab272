/** Test hooks of the cards service (never set in production). */
export interface CardsFaults {
  /** Runs inside the allocation transaction after a loan line got its units; throwing simulates a crash there. */
  afterLineAllocated?: (loanId: string, kind: string) => void;
}

export const CARDS_FAULTS = Symbol('CARDS_FAULTS');
export const CARDS_INSTANCE = Symbol('CARDS_INSTANCE');
