import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Caller, CardLoanView, CardsEvents, formatLoanNumber, isCaseParty, LoanEventPayload } from '@jlis/contracts';
import { CaseProjection, Clock, DomainError, isCalendarDate, Outbox, withIdempotency } from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { loanView } from './loan-views';

export interface LockedLoan {
  id: string;
  opened_seq: string;
  application_id: string;
  submission_id: string;
  state: string;
  version: number;
  shipped_on: string | null;
}

export const actorOf = (caller: Caller) => `${caller.role}:${caller.sub}`;

export function requireDate(field: string, value: string): void {
  if (!isCalendarDate(value))
    throw DomainError.validation([{ field, message: `${field} must be a real calendar date YYYY-MM-DD` }]);
}

export function requireShipped(loan: LockedLoan): void {
  // Loans are named by their number (L-00042), which people can say; the id stays in details.
  const number = formatLoanNumber(loan.opened_seq);
  if (loan.state === 'closed')
    throw new DomainError(
      'LOAN_CLOSED',
      `貸出 ${number} は完了しています (すべてのカードが返却済みまたは処理済みです)。 / Loan ${number} is closed: every unit is back or written off.`,
      { loanId: loan.id },
    );
  if (loan.state !== 'shipped')
    throw new DomainError(
      'LOAN_NOT_SHIPPED',
      `貸出 ${number} はまだ発送されていません。先に発送を記録してください。 / Loan ${number} has not shipped yet; record the shipment first.`,
      { loanId: loan.id },
    );
}

/** What every loan command shares: the loan locked and the caller checked, the view answered, events and closing. */
@Injectable()
export class LoanCommands {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
  ) {}

  async view(m: EntityManager, loanId: string): Promise<CardLoanView | undefined> {
    return loanView(m, loanId, this.clock.todayInJapan());
  }

  /** Runs a loan command: the loan locked, the caller checked, idempotency honoured, the view answered. */
  async run(
    req: { caller: Caller; loanId: string; idempotencyKey?: string; body: object },
    run: (m: EntityManager, loan: LockedLoan) => Promise<void>,
    opts: { partyMayAct?: boolean } = {},
  ): Promise<CardLoanView> {
    return this.ds.transaction(
      async (m) =>
        (
          await withIdempotency(m, req.caller, req.idempotencyKey, { loanId: req.loanId, ...req.body }, async () => {
            const [loan]: LockedLoan[] = await m.query(
              `SELECT id, opened_seq, application_id, submission_id, state, version, to_char(shipped_on, 'YYYY-MM-DD') AS shipped_on FROM card_loan WHERE id = $1 FOR UPDATE`,
              [req.loanId],
            );
            if (!loan) throw DomainError.notFound('Card loan', req.loanId);
            if (req.caller.role !== 'operator') {
              // Not a party → the loan does not exist for the caller; a party that may only read → forbidden.
              if (!(await this.visible(req.caller, loan.application_id, m)))
                throw DomainError.notFound('Card loan', req.loanId);
              if (!opts.partyMayAct || req.caller.role !== 'applicant')
                throw new DomainError('FORBIDDEN', 'Only J-LIS operators may do this.');
            }
            await run(m, loan);
            return (await this.view(m, loan.id))!;
          })
        ).response,
    );
  }

  async visible(caller: Caller, applicationId: string, m?: EntityManager): Promise<boolean> {
    if (caller.role === 'operator') return true;
    const snapshot = await this.cases.find(applicationId, m);
    return (
      !!snapshot &&
      isCaseParty(caller, {
        applicationId,
        organizationCode: snapshot.organizationCode,
        contractorId: snapshot.contractorId,
      })
    );
  }

  async closeIfDone(m: EntityManager, loan: LockedLoan, outstanding: number): Promise<void> {
    if (outstanding > 0) return;
    await m.query(`UPDATE card_loan SET state = 'closed', closed_at = now(), version = version + 1 WHERE id = $1`, [
      loan.id,
    ]);
    await this.event(m, loan, CardsEvents.LoanClosed, { state: 'closed', unitsOutstanding: 0 });
  }

  async event(m: EntityManager, loan: LockedLoan, type: string, payload: Partial<LoanEventPayload>): Promise<void> {
    const [{ version }]: { version: number }[] = await m.query(`SELECT version FROM card_loan WHERE id = $1`, [
      loan.id,
    ]);
    await this.outbox.add(m, {
      type,
      aggregateId: loan.id,
      aggregateVersion: version,
      applicationId: loan.application_id,
      payload: {
        loanId: loan.id,
        loanNumber: formatLoanNumber(loan.opened_seq),
        applicationId: loan.application_id,
        submissionId: loan.submission_id,
        ...payload,
      },
    });
  }
}
