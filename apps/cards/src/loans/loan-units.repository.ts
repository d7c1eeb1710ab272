import { formatLoanNumber } from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';
import { EntityManager } from 'typeorm';

// SQL over a loan's units: which are out, and moving units between states with their history.

/** Every serial must be on this loan and still out; otherwise nothing changes. */
export async function requireOut(
  m: EntityManager,
  loan: { id: string; opened_seq: string },
  serials: string[],
): Promise<void> {
  const loanId = loan.id;
  const number = formatLoanNumber(loan.opened_seq);
  const rows: { serial: string; outcome: string }[] = await m.query(
    `SELECT serial, outcome FROM card_loan_unit WHERE loan_id = $1 AND serial = ANY($2)`,
    [loanId, serials],
  );
  const notOnLoan = serials.filter((s) => !rows.some((r) => r.serial === s));
  if (notOnLoan.length) {
    throw new DomainError(
      'CARD_NOT_ON_LOAN',
      `次のカードは貸出 ${number} に含まれていません: ${notOnLoan.join(', ')}。返却されたカードのシリアル番号をご確認ください。 / Not on loan ${number}: ${notOnLoan.join(', ')}. Check the serial numbers on the returned cards.`,
      {
        serials: notOnLoan,
      },
    );
  }
  const done = rows.filter((r) => r.outcome !== 'out').map((r) => r.serial);
  if (done.length) {
    throw new DomainError(
      'CARD_ALREADY_RETURNED',
      `次のカードは貸出 ${number} で返却済みまたは処理済みです: ${done.join(', ')}。 / Already returned or written off on loan ${number}: ${done.join(', ')}.`,
      { serials: done },
    );
  }
}

export async function outSerials(m: EntityManager, loanId: string): Promise<string[]> {
  const rows: { serial: string }[] = await m.query(
    `SELECT serial FROM card_loan_unit WHERE loan_id = $1 AND outcome = 'out' ORDER BY serial`,
    [loanId],
  );
  return rows.map((r) => r.serial);
}

/** Moves units to a state (and loan), appending each move to the unit's history. */
export async function moveUnits(
  m: EntityManager,
  serials: string[],
  state: string,
  loanId: string | null,
  actor: string,
  note: string | null,
): Promise<void> {
  await m.query(`UPDATE card_unit SET state = $2, loan_id = $3, updated_at = now() WHERE serial = ANY($1)`, [
    serials,
    state,
    loanId,
  ]);
  await m.query(
    `INSERT INTO card_unit_history (serial, state, loan_id, actor, note) SELECT s, $2, $3, $4, $5 FROM unnest($1::text[]) AS s`,
    [serials, state, loanId, actor, note],
  );
}
