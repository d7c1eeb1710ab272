import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CardsEvents, formatLoanNumber } from '@jlis/contracts';
import { businessDaysAfter, Clock, Outbox, Scheduler } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { CardsConfig } from '../cards.config';
import { CARDS_INSTANCE } from '../cards.tokens';
import { updateReturning } from '../sql';
import { stockPerKind } from '../units/units.service';
import { Allocator } from './allocator';
import { overdueCutoff } from './loan-views';

export const CHECKS_JOB = 'cards-checks';
export const FILL_JOB = 'cards-fill-sweep';

/**
 * Scheduled work, one instance at a time (the runtime Scheduler's advisory lock) and idempotent anyway:
 * - overdue (R10): a shipped loan with units out whose expected return date is past by N ≥ 1 Japanese business
 *   days is reminded on business day 1 and then every CARDS_REMIND_EVERY_BUSINESS_DAYS; each reminder is a row
 *   keyed (loan, ordinal), so however many instances run, each reminder is written once;
 * - low stock: StockLow when a kind's stock falls below its threshold (again only after it recovered);
 * - the fill sweep: hands stock to waiting loans that a concurrent transaction left behind.
 */
@Injectable()
export class LoanChecks implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly allocator: Allocator,
    @Inject(CardsConfig) private readonly config: CardsConfig,
    @Inject(CARDS_INSTANCE) private readonly instance: string,
  ) {}

  onModuleInit(): void {
    this.scheduler.every(CHECKS_JOB, this.config.CARDS_CHECK_INTERVAL_MS, () => this.runChecks());
    this.scheduler.every(FILL_JOB, this.config.CARDS_FILL_SWEEP_MS, () => this.sweep());
  }

  /** One tick of the checks, through the scheduler's lock (returns false when another instance holds it). */
  checkNow(): Promise<boolean> {
    return this.scheduler.runExclusive(CHECKS_JOB, () => this.runChecks());
  }

  async runChecks(): Promise<void> {
    await this.remindOverdue();
    await this.announceLowStock();
  }

  async remindOverdue(): Promise<number> {
    const today = this.clock.todayInJapan();
    const due: {
      id: string;
      opened_seq: string;
      application_id: string;
      submission_id: string;
      expected_return_on: string;
    }[] = await this.ds.query(
      `SELECT c.id, c.opened_seq, c.application_id, c.submission_id, to_char(c.expected_return_on, 'YYYY-MM-DD') AS expected_return_on
         FROM card_loan c WHERE c.state = 'shipped' AND c.expected_return_on < $1::date
          AND EXISTS (SELECT 1 FROM card_loan_unit u WHERE u.loan_id = c.id AND u.outcome = 'out')`,
      [overdueCutoff(today)],
    );
    let reminded = 0;
    for (const loan of due) {
      const days = businessDaysAfter(loan.expected_return_on, today);
      if (days < 1) continue;
      const ordinal = Math.floor((days - 1) / this.config.CARDS_REMIND_EVERY_BUSINESS_DAYS);
      await this.ds.transaction(async (m) => {
        const fresh: unknown[] = await m.query(
          `INSERT INTO card_loan_reminder (loan_id, ordinal, business_days_overdue, reminded_on, reminded_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING RETURNING loan_id`,
          [loan.id, ordinal, days, today, this.instance],
        );
        if (fresh.length === 0) return;
        const out: { serial: string; kind: string }[] = await m.query(
          `SELECT serial, kind FROM card_loan_unit WHERE loan_id = $1 AND outcome = 'out' ORDER BY serial`,
          [loan.id],
        );
        const [{ version }] = await updateReturning<{ version: number }>(
          m,
          `UPDATE card_loan SET version = version + 1 WHERE id = $1 RETURNING version`,
          [loan.id],
        );
        await this.outbox.add(m, {
          type: CardsEvents.LoanOverdue,
          aggregateId: loan.id,
          aggregateVersion: version,
          applicationId: loan.application_id,
          actor: { sub: 'system', role: 'system' },
          payload: {
            loanId: loan.id,
            loanNumber: formatLoanNumber(loan.opened_seq),
            applicationId: loan.application_id,
            submissionId: loan.submission_id,
            expectedReturnOn: loan.expected_return_on,
            businessDaysOverdue: days,
            units: out,
            serials: out.map((u) => u.serial),
            unitsOutstanding: out.length,
            state: 'shipped',
          },
        });
        reminded += 1;
      });
    }
    return reminded;
  }

  async announceLowStock(): Promise<void> {
    const stock = await stockPerKind(this.ds.manager);
    for (const s of stock) {
      await this.ds.transaction(async (m) => {
        if (s.low) {
          const flipped = await updateReturning<{ low_announcements: number }>(
            m,
            `UPDATE card_kind SET low_announced = true, low_announcements = low_announcements + 1
              WHERE code = $1 AND active AND NOT low_announced RETURNING low_announcements`,
            [s.kind],
          );
          if (flipped.length === 0) return;
          await this.outbox.add(m, {
            type: CardsEvents.StockLow,
            aggregateId: s.kind,
            aggregateVersion: flipped[0].low_announcements,
            actor: { sub: 'system', role: 'system' },
            payload: {
              kind: s.kind,
              inStock: s.inStock,
              threshold: s.lowStockThreshold,
              waitingDemand: s.waitingDemand,
            },
          });
        } else {
          await m.query(`UPDATE card_kind SET low_announced = false WHERE code = $1 AND low_announced`, [s.kind]);
        }
      });
    }
  }

  async sweep(): Promise<void> {
    await this.ds.transaction((m) => this.allocator.fillWaiting(m, 'system:sweep'));
  }
}
