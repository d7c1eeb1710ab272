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

interface OpenedLoan {
  opened_seq: string;
  state: 'allocated' | 'waiting';
  units: { serial: string; kind: string }[];
  shortages: { kind: string; missing: number }[];
}

// The history names the loan by its number (people read it); which instance allocated is in card_loan_unit.
const ALLOCATED_NOTE = '貸出 {number} に割当 / allocated to loan {number}';

/**
 * Opens a loan and allocates it in one statement: $1 loan id, $2 application, $3 submission, $4 instance,
 * $5 lines (JSON), $6 actor, $7 the history note ({number} becomes the loan's number, as formatLoanNumber writes it).
 * Nothing happens when the submission already has its loan (no row comes back). Per line, in stock order, units are
 * taken `FOR UPDATE SKIP LOCKED` unless an older loan still waits for that kind (oldest first); the loan is inserted
 * already in its final state (version 2: opened, then allocated or waiting), with its lines' counts, units and
 * history. The new loan's sequence number is drawn first, because "older" compares it.
 */
const OPEN_AND_ALLOCATE = `
WITH wanted AS (
  SELECT w.kind, w.quantity FROM jsonb_to_recordset($5::jsonb) AS w(kind text, quantity int)
), fresh AS (
  SELECT s.seq, 'L-' || CASE WHEN s.seq >= 10000 THEN s.seq::text ELSE lpad(s.seq::text, 5, '0') END AS number
    FROM (SELECT nextval(pg_get_serial_sequence('card_loan', 'opened_seq')) AS seq) s
   WHERE NOT EXISTS (SELECT 1 FROM card_loan WHERE submission_id = $3)
), blocked AS (
  SELECT w.kind FROM wanted w, fresh f
   WHERE EXISTS (SELECT 1 FROM card_loan_line l JOIN card_loan c ON c.id = l.loan_id
                  WHERE l.kind = w.kind AND l.allocated < l.quantity AND c.state = 'waiting' AND c.opened_seq < f.seq)
), picked AS (
  SELECT p.serial, w.kind FROM wanted w CROSS JOIN fresh f
   CROSS JOIN LATERAL (SELECT u.serial FROM card_unit u WHERE u.kind = w.kind AND u.state = 'in-stock'
                        ORDER BY u.registered_seq LIMIT w.quantity FOR UPDATE SKIP LOCKED) p
   WHERE w.kind NOT IN (SELECT kind FROM blocked)
), counts AS (
  SELECT w.kind, w.quantity, (SELECT count(*) FROM picked p WHERE p.kind = w.kind)::int AS allocated FROM wanted w
), loan AS (
  INSERT INTO card_loan (id, opened_seq, application_id, submission_id, state, version, opened_by)
  SELECT $1, f.seq, $2, $3,
         CASE WHEN EXISTS (SELECT 1 FROM counts WHERE allocated < quantity) THEN 'waiting' ELSE 'allocated' END, 2, $4
    FROM fresh f
  ON CONFLICT ON CONSTRAINT card_loan_one_per_submission DO NOTHING
  RETURNING id, opened_seq, state
), line AS (
  INSERT INTO card_loan_line (loan_id, kind, quantity, allocated)
  SELECT loan.id, c.kind, c.quantity, c.allocated FROM loan, counts c
), unit AS (
  UPDATE card_unit u SET state = 'allocated', loan_id = loan.id, updated_at = now()
    FROM loan, picked p WHERE u.serial = p.serial AND u.state = 'in-stock'
), loan_unit AS (
  INSERT INTO card_loan_unit (loan_id, serial, kind, allocated_by) SELECT loan.id, p.serial, p.kind, $4 FROM loan, picked p
), history AS (
  INSERT INTO card_unit_history (serial, state, loan_id, actor, note)
  SELECT p.serial, 'allocated', loan.id, $6, replace($7, '{number}', f.number) FROM loan, fresh f, picked p
)
SELECT loan.opened_seq, loan.state,
       (SELECT coalesce(json_agg(json_build_object('serial', p.serial, 'kind', p.kind) ORDER BY p.kind, p.serial), '[]')
          FROM picked p) AS units,
       (SELECT coalesce(json_agg(json_build_object('kind', c.kind, 'missing', c.quantity - c.allocated) ORDER BY c.kind), '[]')
          FROM counts c WHERE c.allocated < c.quantity) AS shortages
  FROM loan`;

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
    // One statement opens and allocates (decision 280): each statement of a loan is a round trip that the
    // loan's locks and pooled connection wait for.
    const client = (await m.queryRunner!.connect()) as {
      query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: OpenedLoan[] }>;
    };
    // A named statement: its plan is made once per connection, not for every loan (a statement of nine CTEs).
    const {
      rows: [opened],
    } = await client.query({
      name: 'cards_open_and_allocate',
      text: OPEN_AND_ALLOCATE,
      values: [
        loanId,
        cmd.applicationId,
        cmd.submissionId,
        this.instance,
        JSON.stringify(cmd.lines),
        cmd.actor,
        ALLOCATED_NOTE,
      ],
    });
    if (!opened) {
      const [existing]: { id: string }[] = await m.query(`SELECT id FROM card_loan WHERE submission_id = $1`, [
        cmd.submissionId,
      ]);
      return { loanId: existing.id, created: false };
    }
    for (const line of cmd.lines) this.faults.afterLineAllocated?.(loanId, line.kind);

    const base: LoanEventPayload = {
      loanId,
      loanNumber: formatLoanNumber(opened.opened_seq),
      applicationId: cmd.applicationId,
      submissionId: cmd.submissionId,
      lines: cmd.lines,
      state: 'waiting',
    };
    const { state, units, shortages } = opened;
    await this.outbox.addAll(m, [
      {
        type: CardsEvents.LoanOpened,
        aggregateId: loanId,
        aggregateVersion: 1,
        applicationId: cmd.applicationId,
        payload: base,
      },
      {
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
      },
    ]);
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
