import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CardLoanCustody,
  CardLoanOpen,
  CardLoanShip,
  CardLoanView,
  CardsEvents,
  formatLoanNumber,
} from '@jlis/contracts';
import {
  addDays,
  CaseProjection,
  Clock,
  DomainError,
  onOrNextBusinessDay,
  ruleR6LoanAgainstAcceptedA06,
  withIdempotency,
} from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { CardsConfig } from '../cards.config';
import { checkKinds } from '../kinds/kinds.service';
import { Allocator } from './allocator';
import { Holdings } from './holdings';
import { LoanCommands, actorOf, requireDate, requireShipped } from './loan-commands';
import { moveUnits, outSerials, requireOut } from './loan-units.repository';

/** Sending test cards out: a loan opened by hand, its shipment, and who holds the cards (R6). */
@Injectable()
export class LoanDispatchService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
    private readonly allocator: Allocator,
    private readonly holdings: Holdings,
    private readonly commands: LoanCommands,
    @Inject(CardsConfig) private readonly config: CardsConfig,
  ) {}

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
            // The receipt and the kinds in one round trip; checked in the same order as before (R6 first).
            const [known]: { receipt: string | null; kinds: { code: string; active: boolean }[] }[] = await m.query(
              `SELECT (SELECT application_id FROM a06_receipt WHERE submission_id = $1) AS receipt,
                      (SELECT coalesce(json_agg(json_build_object('code', code, 'active', active)), '[]')
                         FROM card_kind WHERE code = ANY($2)) AS kinds`,
              [submissionId, kinds],
            );
            ruleR6LoanAgainstAcceptedA06({
              applicationId,
              submissionId,
              receipt: known.receipt === null ? undefined : { applicationId: known.receipt },
            });
            checkKinds(known.kinds, kinds, { activeOnly: true, field: 'cards' });
            const { loanId, created } = await this.allocator.open(m, {
              applicationId,
              submissionId,
              lines: cards,
              actor: actorOf(req.caller),
            });
            if (!created) {
              throw new DomainError(
                'LOAN_EXISTS',
                'この A-06 の貸出は既に作成されています (A-06 1件につき貸出は1件です)。 / A loan for this A-06 already exists; one A-06 opens one loan.',
                { loanId },
              );
            }
            return (await this.commands.view(m, loanId))!;
          })
        ).response,
    );
  }

  async ship(req: CardLoanShip.Request): Promise<CardLoanView> {
    const { carrier, trackingNumber, shippedOn } = req.body;
    requireDate('shippedOn', shippedOn);
    if (req.body.expectedReturnOn !== undefined) requireDate('expectedReturnOn', req.body.expectedReturnOn);
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
    return this.commands.run(req, async (m, loan) => {
      if (loan.state === 'waiting') {
        throw new DomainError(
          'LOAN_NOT_ALLOCATED',
          `貸出 ${formatLoanNumber(loan.opened_seq)} はカードの割り当て待ちです。すべてのカードが割り当てられてから発送できます。 / Loan ${formatLoanNumber(loan.opened_seq)} is still waiting for units; it can ship once every unit it asked for is allocated.`,
          { loanId: loan.id },
        );
      }
      if (loan.state !== 'allocated')
        throw new DomainError(
          'LOAN_ALREADY_SHIPPED',
          `貸出 ${formatLoanNumber(loan.opened_seq)} は発送済みです。 / Loan ${formatLoanNumber(loan.opened_seq)} was already shipped.`,
          { loanId: loan.id },
        );
      const serials = await outSerials(m, loan.id);
      await moveUnits(
        m,
        serials,
        'shipped',
        loan.id,
        actorOf(req.caller),
        `貸出 ${formatLoanNumber(loan.opened_seq)} で発送（${carrier} ${trackingNumber}） / shipped on loan ${formatLoanNumber(loan.opened_seq)}`,
      );
      await m.query(
        `UPDATE card_loan SET state = 'shipped', carrier = $2, tracking_number = $3, shipped_on = $4, expected_return_on = $5, version = version + 1 WHERE id = $1`,
        [loan.id, carrier, trackingNumber, shippedOn, expectedReturnOn],
      );
      await this.commands.event(m, loan, CardsEvents.LoanShipped, {
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
    return this.commands.run(
      req,
      async (m, loan) => {
        requireShipped(loan);
        const snapshot = await this.cases.find(loan.application_id, m);
        const contractorId = snapshot?.contractorId ?? null;
        if (req.body.holder === 'contractor' && !contractorId) {
          throw new DomainError(
            'CASE_HAS_NO_CONTRACTOR',
            'この申請にはシステム受託者が登録されていません。受託者を登録してから記録してください。 / The case names no system contractor; name it first.',
          );
        }
        await requireOut(m, loan, req.body.serials);
        const state = req.body.holder === 'contractor' ? 'with-contractor' : 'with-applicant';
        const note =
          req.body.holder === 'contractor'
            ? // The organisation by name; the contractor is the one the case names (its id stays in the event).
              `システム受託者が保管。貸出の責任は${snapshot?.organizationName ?? '地方公共団体'}に残ります (R6) / held by the case's system contractor; responsibility stays with ${snapshot?.organizationName ?? 'the local government'} (R6)`
            : null;
        await moveUnits(m, req.body.serials, state, loan.id, actorOf(req.caller), note);
        await m.query(`UPDATE card_loan SET version = version + 1 WHERE id = $1`, [loan.id]);
        await this.commands.event(m, loan, CardsEvents.LoanCustodyChanged, {
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
}
