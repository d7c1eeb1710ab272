import type { DataSource, QueryRunner } from 'typeorm';

/** A stored mail as the sender delivers it. */
export interface DueMail {
  id: string;
  event_id: string;
  template_code: string;
  template_version: number;
  message_id: string;
  mail_from: string;
  mail_to: string[];
  mail_cc: string[];
  reply_to: string | null;
  subject: string;
  body: string;
  attempts: number;
  created_at: Date;
  trace_parent: string | null;
  /** Whether `mail_attachment` holds files for it (read only then). */
  has_attachments: boolean;
}

/** The first key of the advisory locks that claim mails (`hashtext('notifications_mail')`, fixed so instances agree). */
const MAIL_LOCK_SPACE = 0x6d61696c;

/**
 * A batch of due mails claimed by one sender loop: with session advisory locks on one pooled connection, not with row
 * locks in a transaction, so each mail is still marked sent in its own commit right after the SMTP server's 250
 * (decision 15: a crash resends at most the one mail in flight per loop) while the batch costs one claim instead of a
 * transaction per mail. A killed process's connection closes and Postgres drops its locks at once, so another instance
 * takes the mails it had not sent without waiting out a lease. The connection goes back to the pool once the locks are
 * let go; a connection that failed is destroyed, which ends its session and its locks with it.
 */
export class MailClaims {
  private held: string[] = [];

  private constructor(private readonly runner: QueryRunner) {}

  /**
   * Locks up to `size` due mails that no other loop holds, oldest due first — and no more than a `sharers`-th of the
   * due mails (at least one), so the other loops of the instance still have mails to send side by side: one loop
   * taking every due mail would send them one after another. The mails are read again after their locks
   * are taken (a new statement, so a new snapshot): one another loop marked sent and let go between our candidates'
   * snapshot and our lock is seen as sent and left alone, never sent twice. Empty: nothing is held.
   */
  static async claim(
    dataSource: DataSource,
    size: number,
    sharers = 1,
  ): Promise<{ claims: MailClaims; mails: DueMail[] }> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    const claims = new MailClaims(runner);
    try {
      // The inner LIMIT bounds the candidates before any lock is tried: every lock taken belongs to a row returned.
      const locked: { id: string }[] = await runner.query(
        `SELECT c.id FROM (
           SELECT id FROM mail_message
            WHERE status = 'pending' AND next_attempt_at <= now()
            ORDER BY next_attempt_at, created_at
            LIMIT least($2::int, ceil(greatest(1, (
              SELECT count(*) FROM mail_message WHERE status = 'pending' AND next_attempt_at <= now()
            )) / $3::numeric)::int)) c
          WHERE pg_try_advisory_lock($1, hashtext(c.id::text))`,
        [MAIL_LOCK_SPACE, size, sharers],
      );
      claims.held = locked.map((row) => row.id);
      if (claims.held.length === 0) return { claims, mails: [] };
      const mails: DueMail[] = await runner.query(
        `SELECT id, event_id, template_code, template_version, message_id, mail_from, mail_to, mail_cc, reply_to, subject,
                body, attempts, created_at, trace_parent,
                EXISTS (SELECT 1 FROM mail_attachment a WHERE a.message_id = mail_message.id) AS has_attachments
           FROM mail_message
          WHERE id = ANY($1::uuid[]) AND status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, created_at`,
        [claims.held],
      );
      return { claims, mails };
    } catch (error) {
      await claims.end(error);
      throw error;
    }
  }

  /** A statement on the claiming connection, in its own commit: a mail's attachments, the mark after an attempt. */
  query<T>(sql: string, parameters: unknown[]): Promise<T> {
    return this.runner.query(sql, parameters) as Promise<T>;
  }

  /**
   * Lets the batch's mails go — after their marks committed, so whoever locks one next reads its new state — and hands
   * the connection back. `failed`: a statement of the batch failed, so the connection is destroyed instead (its session
   * ends, and with it any lock it still held).
   */
  async end(failed?: unknown): Promise<void> {
    const runner = this.runner as QueryRunner & { releasePostgresConnection(err?: unknown): Promise<void> };
    if (!failed && this.held.length > 0) {
      try {
        await runner.query(`SELECT pg_advisory_unlock($1, hashtext(id::text)) FROM unnest($2::uuid[]) AS id`, [
          MAIL_LOCK_SPACE,
          this.held,
        ]);
      } catch (error) {
        failed = error;
      }
    }
    this.held = [];
    if (failed) await runner.releasePostgresConnection(failed).catch(() => undefined);
    else await runner.release();
  }
}
