import { Injectable } from '@nestjs/common';
import { CardLoanLoss, CardLoanReturn, CardLoanView, CardsEvents, formatLoanNumber } from '@jlis/contracts';
import { Clock, DomainError, Outbox } from '@jlis/runtime';
import { Allocator } from './allocator';
import { Holdings } from './holdings';
import { LoanCommands, actorOf, requireDate, requireShipped } from './loan-commands';
import { moveUnits, outSerials, requireOut } from './loan-units.repository';

/** A returned card's condition as people say it. */
const CONDITION_WORDS: Record<string, string> = { good: '状態良好', damaged: '破損あり' };

/** Test cards coming back (A-10, R10): returns in any condition and losses; the loan closes when none is out. */
@Injectable()
export class LoanReturnsService {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly allocator: Allocator,
    private readonly holdings: Holdings,
    private readonly commands: LoanCommands,
  ) {}

  async returns(req: CardLoanReturn.Request): Promise<CardLoanView> {
    const { serials, receivedOn } = req.body;
    const condition = req.body.condition ?? 'good';
    requireDate('receivedOn', receivedOn);
    const today = this.clock.todayInJapan();
    if (receivedOn > today)
      throw new DomainError(
        'CARD_DATE_INVALID',
        `receivedOn ${receivedOn} is in the future (today in Japan is ${today}).`,
        { field: 'receivedOn' },
      );
    return this.commands.run(req, async (m, loan) => {
      requireShipped(loan);
      if (loan.shipped_on && receivedOn < loan.shipped_on) {
        throw new DomainError(
          'CARD_DATE_INVALID',
          `receivedOn ${receivedOn} is before the loan shipped (${loan.shipped_on}).`,
          { field: 'receivedOn' },
        );
      }
      await requireOut(m, loan, serials);
      const actor = actorOf(req.caller);
      // A unit's history names the loan by its number and the condition in words (people read it), never the ids.
      const number = formatLoanNumber(loan.opened_seq);
      const conditionJa = CONDITION_WORDS[condition] ?? condition;
      await m.query(
        `UPDATE card_loan_unit SET outcome = 'returned', returned_on = $3, condition = $4 WHERE loan_id = $1 AND serial = ANY($2)`,
        [loan.id, serials, receivedOn, condition],
      );
      await moveUnits(
        m,
        serials,
        'returned',
        loan.id,
        actor,
        `貸出 ${number} の返却を受領（${receivedOn}、${conditionJa}） / returned on loan ${number} ${receivedOn}, ${condition}`,
      );
      if (condition === 'good')
        await moveUnits(m, serials, 'in-stock', null, actor, '在庫に戻しました / back in stock');
      else {
        await moveUnits(
          m,
          serials,
          'retired',
          null,
          actor,
          `返却時の${conditionJa}のため使用停止 / retired on return: ${condition}`,
        );
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
            payload: {
              serial: unit.serial,
              kind: unit.kind,
              reason: `貸出 ${number} の返却時に${conditionJa} / returned ${condition} on loan ${number}`,
            },
          });
        }
      }
      const outstanding = await outSerials(m, loan.id);
      await m.query(`UPDATE card_loan SET version = version + 1 WHERE id = $1`, [loan.id]);
      await this.commands.event(m, loan, CardsEvents.LoanReturned, {
        serials,
        receivedOn,
        condition,
        unitsOutstanding: outstanding.length,
        state: 'shipped',
      });
      await this.commands.closeIfDone(m, loan, outstanding.length);
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
    return this.commands.run(req, async (m, loan) => {
      requireShipped(loan);
      await requireOut(m, loan, [serial]);
      const actor = actorOf(req.caller);
      await m.query(`UPDATE card_loan_unit SET outcome = 'lost', lost_reason = $3 WHERE loan_id = $1 AND serial = $2`, [
        loan.id,
        serial,
        reason,
      ]);
      await moveUnits(m, [serial], 'lost', null, actor, reason);
      const outstanding = await outSerials(m, loan.id);
      await m.query(`UPDATE card_loan SET version = version + 1 WHERE id = $1`, [loan.id]);
      await this.commands.event(m, loan, CardsEvents.LoanUnitLost, {
        serials: [serial],
        reason,
        unitsOutstanding: outstanding.length,
        state: 'shipped',
      });
      await this.commands.closeIfDone(m, loan, outstanding.length);
      await this.holdings.recount(m, loan.application_id);
    });
  }
}
