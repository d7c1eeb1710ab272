import { Inject, Injectable } from '@nestjs/common';
import { CardsEvents, formatLoanNumber, LoanEventPayload } from '@jlis/contracts';
import { Outbox } from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CARDS_FAULTS, CARDS_INSTANCE, CardsFaults } from '../cards.tokens';
import { updateReturning } from '../sql';

export interface OpenLoanCommand {
  applicationId: string;
  submissionId: string;
  lines: { kind: string; quantity: number }[];
  actor: string;
}

/** Fills run one at a time (they hand freed stock to the oldest waiting loans, across kinds). */
const FILL_LOCK = 'cards:fill';

/**
 * Allocation of units to loans, always inside the caller's transaction (with its events), so a crash
 * leaves either a fully recorded allocation or nothing.
 *
 * Correctness under concurrency (several processes): units are picked with `FOR UPDATE SKIP LOCKED`
 * and moved only from 'in-stock'; the unique index `card_loan_unit_one_open_loan` refuses a unit on two
 * open loans at the database; the counters on `card_loan_line` are written in the same transaction.
 * Partial allocation: a loan takes what is in stock now and waits for the rest (state 'waiting'); it ships
 * only complete. A new loan never takes a kind that an older loan still waits for (oldest first).
 */
@Injectable()
export class Allocator {
  constructor(
    private readonly outbox: Outbox,
    @Inject(CARDS_INSTANCE) private readonly instance: string,
    @Inject(CARDS_FAULTS) private readonly faults: CardsFaults,
  ) {}

  /** Opens the loan of an accepted A-06 (once per submission) and allocates what stock allows. */
  async open(m: EntityManager, cmd: OpenLoanCommand): Promise<{ loanId: string; created: boolean }> {
    const loanId = randomUUID();
    const inserted: { opened_seq: string }[] = await m.query(
      `INSERT INTO card_loan (id, application_id, submission_id, state, opened_by) VALUES ($1, $2, $3, 'waiting', $4)
       ON CONFLICT ON CONSTRAINT card_loan_one_per_submission DO NOTHING RETURNING opened_seq`,
      [loanId, cmd.applicationId, cmd.submissionId, this.instance],
    );
    if (inserted.length === 0) {
      const [existing]: { id: string }[] = await m.query(`SELECT id FROM card_loan WHERE submission_id = $1`, [
        cmd.submissionId,
      ]);
      return { loanId: existing.id, created: false };
    }
    const seq = inserted[0].opened_seq;
    await m.query(
      `INSERT INTO card_loan_line (loan_id, kind, quantity) SELECT $1, l.kind, l.quantity FROM jsonb_to_recordset($2::jsonb) AS l(kind text, quantity int)`,
      [loanId, JSON.stringify(cmd.lines)],
    );
    const base: LoanEventPayload = {
      loanId,
      loanNumber: formatLoanNumber(seq),
      applicationId: cmd.applicationId,
      submissionId: cmd.submissionId,
      lines: cmd.lines,
      state: 'waiting',
    };
    await this.outbox.add(m, {
      type: CardsEvents.LoanOpened,
      aggregateId: loanId,
      aggregateVersion: 1,
      applicationId: cmd.applicationId,
      payload: base,
    });

    for (const line of cmd.lines) {
      const olderWaiting: unknown[] = await m.query(
        `SELECT 1 FROM card_loan_line l JOIN card_loan c ON c.id = l.loan_id
         WHERE l.kind = $1 AND l.allocated < l.quantity AND c.state = 'waiting' AND c.opened_seq < $2 LIMIT 1`,
        [line.kind, seq],
      );
      if (olderWaiting.length === 0) await this.allocateLine(m, loanId, line.kind, line.quantity, cmd.actor);
      this.faults.afterLineAllocated?.(loanId, line.kind);
    }

    const units = await this.loanUnits(m, loanId);
    const shortages = await this.shortages(m, loanId);
    const state = shortages.length === 0 ? 'allocated' : 'waiting';
    await m.query(`UPDATE card_loan SET state = $2, version = 2 WHERE id = $1`, [loanId, state]);
    await this.outbox.add(m, {
      type: state === 'allocated' ? CardsEvents.LoanAllocated : CardsEvents.LoanWaiting,
      aggregateId: loanId,
      aggregateVersion: 2,
      applicationId: cmd.applicationId,
      payload: {
        ...base,
        state,
        units,
        serials: units.map((u) => u.serial),
        ...(shortages.length ? { shortages } : {}),
      },
    });
    return { loanId, created: true };
  }

  /**
   * Hands units in stock to waiting loans, oldest first (optionally one kind). Runs in the transaction that
   * freed stock (returns, registrations) and in the periodic sweep. Returns the loans it completed.
   */
  async fillWaiting(m: EntityManager, actor: string, kinds?: string[]): Promise<string[]> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [FILL_LOCK]);
    const short: { loan_id: string; kind: string; missing: number; application_id: string }[] = await m.query(
      `SELECT l.loan_id, l.kind, l.quantity - l.allocated AS missing, c.application_id
         FROM card_loan_line l JOIN card_loan c ON c.id = l.loan_id
        WHERE c.state = 'waiting' AND l.allocated < l.quantity AND ($1::text[] IS NULL OR l.kind = ANY($1))
        ORDER BY c.opened_seq, l.kind`,
      [kinds ?? null],
    );
    const exhausted = new Set<string>();
    const touched = new Map<string, string>();
    for (const line of short) {
      if (exhausted.has(line.kind)) continue;
      const got = await this.allocateLine(m, line.loan_id, line.kind, line.missing, actor);
      if (got > 0) touched.set(line.loan_id, line.application_id);
      if (got < line.missing) exhausted.add(line.kind);
    }
    const completed: string[] = [];
    for (const [loanId, applicationId] of touched) {
      if ((await this.shortages(m, loanId)).length > 0) continue;
      const rows = await updateReturning<{ version: number }>(
        m,
        `UPDATE card_loan SET version = version + 1, state = 'allocated' WHERE id = $1 AND state = 'waiting' RETURNING version`,
        [loanId],
      );
      if (rows.length === 0) continue;
      const units = await this.loanUnits(m, loanId);
      const [loan]: { submission_id: string; opened_seq: string }[] = await m.query(
        `SELECT submission_id, opened_seq FROM card_loan WHERE id = $1`,
        [loanId],
      );
      await this.outbox.add(m, {
        type: CardsEvents.LoanAllocated,
        aggregateId: loanId,
        aggregateVersion: rows[0].version,
        applicationId,
        payload: {
          loanId,
          loanNumber: formatLoanNumber(loan.opened_seq),
          applicationId,
          submissionId: loan.submission_id,
          state: 'allocated',
          units,
          serials: units.map((u) => u.serial),
        },
      });
      completed.push(loanId);
    }
    return completed;
  }

  /** Moves up to `wanted` units of `kind` from stock onto the loan; returns how many it got. */
  private async allocateLine(
    m: EntityManager,
    loanId: string,
    kind: string,
    wanted: number,
    actor: string,
  ): Promise<number> {
    if (wanted <= 0) return 0;
    const picked: { serial: string }[] = await m.query(
      `SELECT serial FROM card_unit WHERE kind = $1 AND state = 'in-stock' ORDER BY registered_seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [kind, wanted],
    );
    if (picked.length === 0) return 0;
    const serials = picked.map((p) => p.serial);
    await m.query(
      `UPDATE card_unit SET state = 'allocated', loan_id = $2, updated_at = now() WHERE serial = ANY($1) AND state = 'in-stock'`,
      [serials, loanId],
    );
    await m.query(
      `INSERT INTO card_loan_unit (loan_id, serial, kind, allocated_by) SELECT $1, s, $2, $3 FROM unnest($4::text[]) AS s`,
      [loanId, kind, this.instance, serials],
    );
    // The history names the loan by its number (people read it); which instance allocated is in card_loan_unit.
    const [{ opened_seq: seq }]: { opened_seq: string }[] = await m.query(
      `SELECT opened_seq FROM card_loan WHERE id = $1`,
      [loanId],
    );
    await m.query(
      `INSERT INTO card_unit_history (serial, state, loan_id, actor, note) SELECT s, 'allocated', $1, $2, $3 FROM unnest($4::text[]) AS s`,
      [loanId, actor, `貸出 ${formatLoanNumber(seq)} に割当 / allocated to loan ${formatLoanNumber(seq)}`, serials],
    );
    await m.query(`UPDATE card_loan_line SET allocated = allocated + $3 WHERE loan_id = $1 AND kind = $2`, [
      loanId,
      kind,
      serials.length,
    ]);
    return serials.length;
  }

  private async shortages(m: EntityManager, loanId: string): Promise<{ kind: string; missing: number }[]> {
    return m.query(
      `SELECT kind, quantity - allocated AS missing FROM card_loan_line WHERE loan_id = $1 AND allocated < quantity ORDER BY kind`,
      [loanId],
    );
  }

  private async loanUnits(m: EntityManager, loanId: string): Promise<{ serial: string; kind: string }[]> {
    return m.query(`SELECT serial, kind FROM card_loan_unit WHERE loan_id = $1 ORDER BY kind, serial`, [loanId]);
  }
}
