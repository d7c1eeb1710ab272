import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace context of the event that stored a mail (W3C `traceparent`; null when not tracing), so its delivery —
 * later, by any instance — is a span of that event's trace, as the outbox row's `trace_parent` is for a publication.
 */
export class MailTraceParent1765152000000 implements MigrationInterface {
  name = 'MailTraceParent1765152000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mail_message ADD COLUMN trace_parent text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mail_message DROP COLUMN trace_parent`);
  }
}
