import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Caller,
  CardLoanCustody,
  CardLoanList,
  CardLoanLoss,
  CardLoanOpen,
  CardLoanReturn,
  CardLoanShip,
  CardLoanView,
  CardsEvents,
  formatLoanNumber,
  isCaseParty,
  LoanEventPayload,
  pageWindow,
} from '@jlis/contracts';
import {
  addDays,
  CaseProjection,
  Clock,
  DomainError,
  isCalendarDate,
  onOrNextBusinessDay,
  Outbox,
  ruleR6LoanAgainstAcceptedA06,
  withIdempotency,
} from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { CardsConfig } from '../cards.config';
import { requireKinds } from '../kinds/kinds.service';
import { Allocator } from './allocator';
import { Holdings } from './holdings';
import { LOAN_COLUMNS, LOAN_FROM, loanViews, overdueCutoff } from './loan-views';

interface LockedLoan {
  id: string;
  opened_seq: string;
  application_id: string;
  submission_id: string;
  state: string;
  version: number;
  shipped_on: string | null;
}

const actorOf = (caller: Caller) => `${caller.role}:${caller.sub}`;

/** Loans of test cards: opening by hand, shipment, custody, returns, losses and their views. */
@Injectable()
export class LoansService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
    private readonly allocator: Allocator,
    private readonly holdings: Holdings,
    @Inject(CardsConfig) private readonly config: CardsConfig,
  ) {}

  async list(req: CardLoanList.Request): Promise<CardLoanList.Response> {
    const { skip, take, page, limit } = pageWindow(req);
    const today = this.clock.todayInJapan();
    const where: string[] = [];
    const params: unknown[] = [];
    if (req.state) where.push(`c.state = $${params.push(req.state)}`);
    if (req.applicationId) where.push(`c.application_id = $${params.push(req.applicationId)}`);
    if (req.overdue === true)
      where.push(`c.state = 'shipped' AND c.expected_return_on < $${params.push(overdueCutoff(today))}::date`);
    if (req.overdue === false)
      where.push(`NOT (c.state = 'shipped' AND c.expected_return_on < $${params.push(overdueCutoff(today))}::date)`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.ds.query(
      `SELECT count(*)::int AS total FROM ${LOAN_FROM} ${filter}`,
      params,
    );
    const rows = await this.ds.query(
      `SELECT ${LOAN_COLUMNS} FROM ${LOAN_FROM} ${filter} ORDER BY c.opened_seq DESC OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, skip, take],
    );
    return { items: await loanViews(this.ds.manager, rows, today), total, page, limit };
  }

  async forCase(req: CardLoanList.ForCaseRequest): Promise<CardLoanList.ForCaseResponse> {
    // The gateway checked the caller against the case (@CaseRoute); check again where the projection knows it.
    const snapshot = await this.cases.find(req.applicationId);
    if (
      snapshot &&
      !isCaseParty(req.caller, {
        applicationId: req.applicationId,
        organizationCode: snapshot.organizationCode,
        contractorId: snapshot.contractorId,
      })
    ) {
      throw DomainError.notFound('Application', req.applicationId);
    }
    const { skip, take, page, limit } = pageWindow(req);
    const [{ total }]: { total: number }[] = await this.ds.query(
      `SELECT count(*)::int AS total FROM card_loan WHERE application_id = $1`,
      [req.applicationId],
    );
    const rows = await this.ds.query(
      `SELECT ${LOAN_COLUMNS} FROM ${LOAN_FROM} WHERE c.application_id = $1 ORDER BY c.opened_seq OFFSET $2 LIMIT $3`,
      [req.applicationId, skip, take],
    );
    return { items: await loanViews(this.ds.manager, rows, this.clock.todayInJapan()), total, page, limit };
  }

  async get(req: CardLoanList.GetRequest): Promise<CardLoanView> {
    const view = await this.view(this.ds.manager, req.loanId);
    if (!view || !(await this.visible(req.caller, view.applicationId)))
      throw DomainError.notFound('Card loan', req.loanId);
    return view;
  }

  /** Operators open the loan of an accepted A-06 by hand (its structured fields were not usable). */
  async open(req: CardLoanOpen.Request): Promise<CardLoanView> {
    const { applicationId, submissionId, cards } = req.body;
    const kinds = cards.map((c) => c.kind);
    if (new Set(kinds).size !== kinds.length) {
      throw DomainError.validation([{ field: 'cards', message: 'name each card kind once (add the quantities up)' }]);
    }
    return this.ds.transaction(
      async (m) =>
        (
          await withIdempotency(m, req.caller, req.idempotencyKey, req.body, async () => {
            const [receipt]: { application_id: string }[] = await m.query(
              `SELECT application_id FROM a06_receipt WHERE submission_id = $1`,
              [submissionId],
            );
            ruleR6LoanAgainstAcceptedA06({
              applicationId,
              submissionId,
              receipt: receipt && { applicationId: receipt.application_id },
            });
            await requireKinds(m, kinds, { activeOnly: true, field: 'cards' });
            const { loanId, created } = await this.allocator.open(m, {
              applicationId,
              submissionId,
              lines: cards,
              actor: actorOf(req.caller),
            });
            if (!created) {
              throw new DomainError(
                'LOAN_EXISTS',
                `A loan for submission ${submissionId} already exists (${loanId}); one A-06 opens one loan.`,
                { loanId },
              );
            }
            return (await this.view(m, loanId))!;
          })
        ).response,
    );
  }

  async ship(req: CardLoanShip.Request): Promise<CardLoanView> {
    const { carrier, trackingNumber, shippedOn } = req.body;
    this.requireDate('shippedOn', shippedOn);
    if (req.body.expectedReturnOn !== undefined) this.requireDate('expectedReturnOn', req.body.expectedReturnOn);
    const today = this.clock.todayInJapan();
    if (shippedOn > today)
      throw new DomainError(
        'CARD_DATE_INVALID',
        `shippedOn ${shippedOn} is in the future (today in Japan is ${today}).`,
        { field: 'shippedOn' },
      );
    const expectedReturnOn =
      req.body.expectedReturnOn ?? onOrNextBusinessDay(addDays(shippedOn, this.config.CARDS_LOAN_DAYS));
    if (expectedReturnOn <= shippedOn) {
      throw new DomainError(
        'CARD_DATE_INVALID',
        `expectedReturnOn ${expectedReturnOn} must be after shippedOn ${shippedOn}.`,
        { field: 'expectedReturnOn' },
      );
    }
    return this.command(req, async (m, loan) => {
      if (loan.state === 'waiting') {
        throw new DomainError(
          'LOAN_NOT_ALLOCATED',
          `Loan ${loan.id} is still waiting for units; it can ship once every unit it asked for is allocated.`,
          { loanId: loan.id },
        );
      }
      if (loan.state !== 'allocated')
        throw new DomainError('LOAN_ALREADY_SHIPPED', `Loan ${loan.id} was already shipped.`, { loanId: loan.id });
      const serials = await this.outSerials(m, loan.id);
      await this.moveUnits(m, serials, 'shipped', loan.id, actorOf(req.caller), `${carrier} ${trackingNumber}`);
      await m.query(
        `UPDATE card_loan SET state = 'shipped', carrier = $2, tracking_number = $3, shipped_on = $4, expected_return_on = $5, version = version + 1 WHERE id = $1`,
        [loan.id, carrier, trackingNumber, shippedOn, expectedReturnOn],
      );
      await this.event(m, loan, CardsEvents.LoanShipped, {
        carrier,
        trackingNumber,
        shippedOn,
        expectedReturnOn,
        serials,
        state: 'shipped',
      });
      await this.holdings.recount(m, loan.application_id);
    });
  }

  async custody(req: CardLoanCustody.Request): Promise<CardLoanView> {
    return this.command(
      req,
      async (m, loan) => {
        this.requireShipped(loan);
        const snapshot = await this.cases.find(loan.application_id, m);
        const contractorId = snapshot?.contractorId ?? null;
        if (req.body.holder === 'contractor' && !contractorId) {
          throw new DomainError(
            'CASE_HAS_NO_CONTRACTOR',
            'この申請にはシステム受託者が登録されていません。受託者を登録してから記録してください。 / The case names no system contractor; name it first.',
          );
        }
        await this.requireOut(m, loan.id, req.body.serials);
        const state = req.body.holder === 'contractor' ? 'with-contractor' : 'with-applicant';
        const note =
          req.body.holder === 'contractor'
            ? `contractor ${contractorId}; responsibility stays with ${snapshot?.organizationCode ?? 'the local government'} (R6)`
            : null;
        await this.moveUnits(m, req.body.serials, state, loan.id, actorOf(req.caller), note);
        await m.query(`UPDATE card_loan SET version = version + 1 WHERE id = $1`, [loan.id]);
        await this.event(m, loan, CardsEvents.LoanCustodyChanged, {
          serials: req.body.serials,
          holder: req.body.holder,
          contractorId: req.body.holder === 'contractor' ? contractorId : null,
          responsibleOrganizationCode: snapshot?.organizationCode,
          state: 'shipped',
        });
      },
      { partyMayAct: true },
    );
  }

  async returns(req: CardLoanReturn.Request): Promise<CardLoanView> {
    const { serials, receivedOn } = req.body;
    const condition = req.body.condition ?? 'good';
    this.requireDate('receivedOn', receivedOn);
    const today = this.clock.todayInJapan();
    if (receivedOn > today)
      throw new DomainError(
        'CARD_DATE_INVALID',
        `receivedOn ${receivedOn} is in the future (today in Japan is ${today}).`,
        { field: 'receivedOn' },
      );
    return this.command(req, async (m, loan) => {
      this.requireShipped(loan);
      if (loan.shipped_on && receivedOn < loan.shipped_on) {
        throw new DomainError(
          'CARD_DATE_INVALID',
          `receivedOn ${receivedOn} is before the loan shipped (${loan.shipped_on}).`,
          { field: 'receivedOn' },
        );
      }
      await this.requireOut(m, loan.id, serials);
      const actor = actorOf(req.caller);
      await m.query(
        `UPDATE card_loan_unit SET outcome = 'returned', returned_on = $3, condition = $4 WHERE loan_id = $1 AND serial = ANY($2)`,
        [loan.id, serials, receivedOn, condition],
      );
      await this.moveUnits(m, serials, 'returned', loan.id, actor, `received ${receivedOn}, ${condition}`);
      if (condition === 'good') await this.moveUnits(m, serials, 'in-stock', null, actor, 'back in stock');
      else {
        await this.moveUnits(m, serials, 'retired', null, actor, `retired on return: ${condition}`);
        const units: { serial: string; kind: string; changes: number }[] = await m.query(
          `SELECT u.serial, u.kind, (SELECT count(*)::int FROM card_unit_history h WHERE h.serial = u.serial) AS changes FROM card_unit u WHERE u.serial = ANY($1)`,
          [serials],
        );
        for (const unit of units) {
          // A unit's version is the number of its history rows (append-only, so it only grows).
          await this.outbox.add(m, {
            type: CardsEvents.UnitRetired,
            aggregateId: unit.serial,
            aggregateVersion: unit.changes,
            payload: { serial: unit.serial, kind: unit.kind, reason: `returned ${condition} on loan ${loan.id}` },
          });
        }
      }
      const outstanding = await this.outSerials(m, loan.id);
      await m.query(`UPDATE card_loan SET version = version + 1 WHERE id = $1`, [loan.id]);
      await this.event(m, loan, CardsEvents.LoanReturned, {
        serials,
        receivedOn,
        condition,
        unitsOutstanding: outstanding.length,
        state: 'shipped',
      });
      await this.closeIfDone(m, loan, outstanding.length);
      await this.holdings.recount(m, loan.application_id);
      if (condition === 'good') {
        const kinds: { kind: string }[] = await m.query(`SELECT DISTINCT kind FROM card_unit WHERE serial = ANY($1)`, [
          serials,
        ]);
        await this.allocator.fillWaiting(
          m,
          actor,
          kinds.map((k) => k.kind),
        );
      }
    });
  }

  async loss(req: CardLoanLoss.Request): Promise<CardLoanView> {
    const { serial, reason } = req.body;
    return this.command(req, async (m, loan) => {
      this.requireShipped(loan);
      await this.requireOut(m, loan.id, [serial]);
      const actor = actorOf(req.caller);
      await m.query(`UPDATE card_loan_unit SET outcome = 'lost', lost_reason = $3 WHERE loan_id = $1 AND serial = $2`, [
        loan.id,
        serial,
        reason,
      ]);
      await this.moveUnits(m, [serial], 'lost', null, actor, reason);
      const outstanding = await this.outSerials(m, loan.id);
      await m.query(`UPDATE card_loan SET version = version + 1 WHERE id = $1`, [loan.id]);
      await this.event(m, loan, CardsEvents.LoanUnitLost, {
        serials: [serial],
        reason,
        unitsOutstanding: outstanding.length,
        state: 'shipped',
      });
      await this.closeIfDone(m, loan, outstanding.length);
      await this.holdings.recount(m, loan.application_id);
    });
  }

  async view(m: EntityManager, loanId: string): Promise<CardLoanView | undefined> {
    const rows = await m.query(`SELECT ${LOAN_COLUMNS} FROM ${LOAN_FROM} WHERE c.id = $1`, [loanId]);
    return (await loanViews(m, rows, this.clock.todayInJapan()))[0];
  }

  /** Runs a loan command: the loan locked, the caller checked, idempotency honoured, the view answered. */
  private async command(
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

  private async visible(caller: Caller, applicationId: string, m?: EntityManager): Promise<boolean> {
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

  private requireDate(field: string, value: string): void {
    if (!isCalendarDate(value))
      throw DomainError.validation([{ field, message: `${field} must be a real calendar date YYYY-MM-DD` }]);
  }

  private requireShipped(loan: LockedLoan): void {
    if (loan.state === 'closed')
      throw new DomainError('LOAN_CLOSED', `Loan ${loan.id} is closed: every unit is back or written off.`, {
        loanId: loan.id,
      });
    if (loan.state !== 'shipped')
      throw new DomainError('LOAN_NOT_SHIPPED', `Loan ${loan.id} has not shipped yet; record the shipment first.`, {
        loanId: loan.id,
      });
  }

  /** Every serial must be on this loan and still out; otherwise nothing changes. */
  private async requireOut(m: EntityManager, loanId: string, serials: string[]): Promise<void> {
    const rows: { serial: string; outcome: string }[] = await m.query(
      `SELECT serial, outcome FROM card_loan_unit WHERE loan_id = $1 AND serial = ANY($2)`,
      [loanId, serials],
    );
    const notOnLoan = serials.filter((s) => !rows.some((r) => r.serial === s));
    if (notOnLoan.length) {
      throw new DomainError(
        'CARD_NOT_ON_LOAN',
        `Not on loan ${loanId}: ${notOnLoan.join(', ')}. Check the serial numbers on the returned cards.`,
        {
          serials: notOnLoan,
        },
      );
    }
    const done = rows.filter((r) => r.outcome !== 'out').map((r) => r.serial);
    if (done.length) {
      throw new DomainError(
        'CARD_ALREADY_RETURNED',
        `Already returned or written off on loan ${loanId}: ${done.join(', ')}.`,
        { serials: done },
      );
    }
  }

  private async outSerials(m: EntityManager, loanId: string): Promise<string[]> {
    const rows: { serial: string }[] = await m.query(
      `SELECT serial FROM card_loan_unit WHERE loan_id = $1 AND outcome = 'out' ORDER BY serial`,
      [loanId],
    );
    return rows.map((r) => r.serial);
  }

  private async moveUnits(
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

  private async closeIfDone(m: EntityManager, loan: LockedLoan, outstanding: number): Promise<void> {
    if (outstanding > 0) return;
    await m.query(`UPDATE card_loan SET state = 'closed', closed_at = now(), version = version + 1 WHERE id = $1`, [
      loan.id,
    ]);
    await this.event(m, loan, CardsEvents.LoanClosed, { state: 'closed', unitsOutstanding: 0 });
  }

  private async event(
    m: EntityManager,
    loan: LockedLoan,
    type: string,
    payload: Partial<LoanEventPayload>,
  ): Promise<void> {
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
