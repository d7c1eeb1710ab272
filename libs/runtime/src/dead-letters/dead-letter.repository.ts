import type { DeadLetterAction, DeadLetterSource, DeadLetterStatus, EventEnvelope } from '@jlis/contracts';
import type { EntityManager } from 'typeorm';

export interface DeadLetterRecord {
  id: string;
  source: DeadLetterSource;
  event_id: string;
  type: string;
  envelope: EventEnvelope;
  attempts: number;
  failed_at: Date;
  updated_at: Date;
  status: DeadLetterStatus;
  last_error: string | null;
}

export interface DeadLetterHistoryRecord {
  dead_letter_id: string;
  action: DeadLetterAction;
  actor: string;
  reason: string | null;
  error: string | null;
  at: Date;
}

/** The first line of an error, for operators (the whole stack stays in the row of the first failure and in the log). */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0].slice(0, 1000);
}

export function errorDetail(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** A dead letter's state is its latest action: parked (or a failed replay) is open; replayed and discarded are closed. */
const STATUS_SQL = `CASE a.action WHEN 'replayed' THEN 'replayed' WHEN 'discarded' THEN 'discarded' ELSE 'parked' END`;

const SELECT = `
  SELECT d.id, d.source, d.event_id, d.type, d.envelope, d.attempts, d.failed_at, a.at AS updated_at, ${STATUS_SQL} AS status,
    (SELECT e.error FROM dead_letter_action e WHERE e.dead_letter_id = d.id AND e.error IS NOT NULL ORDER BY e.seq DESC LIMIT 1) AS last_error
  FROM dead_letter d
  CROSS JOIN LATERAL (SELECT x.action, x.at FROM dead_letter_action x WHERE x.dead_letter_id = d.id ORDER BY x.seq DESC LIMIT 1) a`;

/**
 * Dead letters: events a consumer's handler kept failing on, and outbox rows that could not be published. The row
 * keeps what was parked; what happened to it since (parked again, replayed, discarded with a reason) is appended to
 * `dead_letter_action`, never overwritten.
 */
export const DeadLetters = {
  /** Parks an event (or an outbox row) with the error that made it fail; parking it again appends to its history. */
  async park(
    m: EntityManager,
    letter: { source: DeadLetterSource; envelope: EventEnvelope; error: unknown; attempts: number },
  ): Promise<string> {
    const { source, envelope, error, attempts } = letter;
    await m.query(
      `INSERT INTO dead_letter (source, event_id, type, envelope, error, attempts) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (source, event_id) DO NOTHING`,
      [source, envelope.id, envelope.type, JSON.stringify(envelope), errorDetail(error), attempts],
    );
    const [{ id }]: { id: string }[] = await m.query(`SELECT id FROM dead_letter WHERE source = $1 AND event_id = $2`, [
      source,
      envelope.id,
    ]);
    await DeadLetters.record(m, id, 'parked', 'system', { error: describeError(error) });
    return id;
  },

  async record(
    m: EntityManager,
    id: string,
    action: DeadLetterAction,
    actor: string,
    extra: { reason?: string; error?: string } = {},
  ): Promise<void> {
    await m.query(
      `INSERT INTO dead_letter_action (dead_letter_id, action, actor, reason, error) VALUES ($1, $2, $3, $4, $5)`,
      [id, action, actor, extra.reason ?? null, extra.error ?? null],
    );
  },

  async find(m: EntityManager, id: string, lock = false): Promise<DeadLetterRecord | undefined> {
    if (lock) await m.query(`SELECT 1 FROM dead_letter WHERE id = $1 FOR UPDATE`, [id]);
    const rows: DeadLetterRecord[] = await m.query(`${SELECT} WHERE d.id = $1`, [id]);
    return rows[0];
  },

  /** The newest `limit` matching `status` (the current state), and how many match in all. */
  async list(
    m: EntityManager,
    status: DeadLetterStatus | 'all',
    limit: number,
  ): Promise<{ rows: DeadLetterRecord[]; total: number }> {
    const rows: (DeadLetterRecord & { total: number })[] = await m.query(
      `SELECT *, count(*) OVER ()::int AS total FROM (${SELECT}) l WHERE $1 = 'all' OR l.status = $1
        ORDER BY l.updated_at DESC, l.id LIMIT $2`,
      [status, limit],
    );
    return { rows, total: rows[0]?.total ?? 0 };
  },

  async history(m: EntityManager, ids: string[]): Promise<DeadLetterHistoryRecord[]> {
    if (ids.length === 0) return [];
    return m.query(
      `SELECT dead_letter_id, action, actor, reason, error, at FROM dead_letter_action WHERE dead_letter_id = ANY($1) ORDER BY seq`,
      [ids],
    );
  },
};
