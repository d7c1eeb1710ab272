import {
  CardLoanState,
  CardLoanView,
  CardUnitState,
  CONTRACTOR_CUSTODY_NOTE,
  formatLoanNumber,
  LoanUnitView,
} from '@jlis/contracts';
import { EntityManager } from 'typeorm';
import { addDays, businessDaysAfter, isBusinessDay } from '@jlis/runtime';

interface LoanRow {
  id: string;
  opened_seq: string;
  application_id: string;
  submission_id: string;
  state: CardLoanState;
  carrier: string | null;
  tracking_number: string | null;
  shipped_on: string | null;
  expected_return_on: string | null;
  opened_at: Date;
  closed_at: Date | null;
  organization_code: string | null;
}

export const LOAN_COLUMNS = `c.id, c.opened_seq, c.application_id, c.submission_id, c.state, c.carrier, c.tracking_number,
  to_char(c.shipped_on, 'YYYY-MM-DD') AS shipped_on, to_char(c.expected_return_on, 'YYYY-MM-DD') AS expected_return_on,
  c.opened_at, c.closed_at, s.organization_code`;
export const LOAN_FROM = `card_loan c LEFT JOIN case_snapshot s ON s.application_id = c.application_id`;

/** The last business day on or before `today`: a loan is overdue when its expected return date is before it. */
export function overdueCutoff(today: string): string {
  let day = today;
  while (!isBusinessDay(day)) day = addDays(day, -1);
  return day;
}

type LineRow = { loan_id: string; kind: string; quantity: number; allocated: number };
type UnitRow = {
  loan_id: string;
  serial: string;
  kind: string;
  outcome: string;
  unit_state: CardUnitState;
  unit_loan: string | null;
  returned_on: string | null;
  condition: string | null;
  lost_reason: string | null;
};

/** Builds the views of the given loan rows (lines and units in two queries). */
export async function loanViews(m: EntityManager, rows: LoanRow[], today: string): Promise<CardLoanView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const lines: LineRow[] = await m.query(
    `SELECT loan_id, kind, quantity, allocated FROM card_loan_line WHERE loan_id = ANY($1) ORDER BY kind`,
    [ids],
  );
  const units: UnitRow[] = await m.query(
    `SELECT lu.loan_id, lu.serial, lu.kind, lu.outcome, u.state AS unit_state, u.loan_id AS unit_loan,
            to_char(lu.returned_on, 'YYYY-MM-DD') AS returned_on, lu.condition, lu.lost_reason
       FROM card_loan_unit lu JOIN card_unit u ON u.serial = lu.serial
      WHERE lu.loan_id = ANY($1) ORDER BY lu.kind, lu.serial`,
    [ids],
  );
  return rows.map((r) =>
    toView(
      r,
      lines.filter((l) => l.loan_id === r.id),
      units.filter((u) => u.loan_id === r.id),
      today,
    ),
  );
}

/**
 * The view of one loan in one statement (its lines and units as JSON beside the row): what every loan command
 * answers, inside its transaction, where the two further queries of loanViews were two more round trips.
 */
export async function loanView(m: EntityManager, loanId: string, today: string): Promise<CardLoanView | undefined> {
  const [row]: (LoanRow & { lines: LineRow[]; units: UnitRow[] })[] = await m.query(
    `SELECT ${LOAN_COLUMNS},
       (SELECT coalesce(json_agg(json_build_object('loan_id', l.loan_id, 'kind', l.kind, 'quantity', l.quantity,
                 'allocated', l.allocated) ORDER BY l.kind), '[]')
          FROM card_loan_line l WHERE l.loan_id = c.id) AS lines,
       (SELECT coalesce(json_agg(json_build_object('loan_id', lu.loan_id, 'serial', lu.serial, 'kind', lu.kind,
                 'outcome', lu.outcome, 'unit_state', u.state, 'unit_loan', u.loan_id,
                 'returned_on', to_char(lu.returned_on, 'YYYY-MM-DD'), 'condition', lu.condition,
                 'lost_reason', lu.lost_reason) ORDER BY lu.kind, lu.serial), '[]')
          FROM card_loan_unit lu JOIN card_unit u ON u.serial = lu.serial WHERE lu.loan_id = c.id) AS units
       FROM ${LOAN_FROM} WHERE c.id = $1`,
    [loanId],
  );
  return row && toView(row, row.lines, row.units, today);
}

function toView(r: LoanRow, lines: LineRow[], own: UnitRow[], today: string): CardLoanView {
  const view: LoanUnitView[] = own.map((u) => ({
    serial: u.serial,
    kind: u.kind,
    // Once back or written off, the loan shows what happened on it, not where the unit went since.
    state: u.outcome === 'returned' ? 'returned' : u.outcome === 'lost' ? 'lost' : u.unit_state,
    returnedOn: u.returned_on,
    condition: u.condition,
    lostReason: u.lost_reason,
  }));
  const out = own.some((u) => u.outcome === 'out');
  const businessDaysOverdue =
    r.state === 'shipped' && r.expected_return_on && out ? businessDaysAfter(r.expected_return_on, today) : 0;
  return {
    id: r.id,
    number: formatLoanNumber(r.opened_seq),
    applicationId: r.application_id,
    submissionId: r.submission_id,
    state: r.state,
    lines: lines.map((l) => ({ kind: l.kind, quantity: l.quantity, allocated: l.allocated })),
    units: view,
    shipment:
      r.shipped_on && r.carrier && r.tracking_number && r.expected_return_on
        ? {
            carrier: r.carrier,
            trackingNumber: r.tracking_number,
            shippedOn: r.shipped_on,
            expectedReturnOn: r.expected_return_on,
          }
        : null,
    overdue: businessDaysOverdue > 0,
    businessDaysOverdue,
    responsibleOrganizationCode: r.organization_code,
    ...(view.some((u) => u.state === 'with-contractor') ? { responsibility: CONTRACTOR_CUSTODY_NOTE } : {}),
    openedAt: new Date(r.opened_at).toISOString(),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
  };
}
