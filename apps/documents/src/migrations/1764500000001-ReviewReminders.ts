import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review reminders (REVIEW_SLA_BUSINESS_DAYS): one row per submission and reminder ordinal, so however many instances
 * look, each reminder is written, and its event sent, once.
 */
export class ReviewReminders1764500000001 implements MigrationInterface {
  name = 'ReviewReminders1764500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE submission_review_reminder (
      submission_id uuid NOT NULL REFERENCES submission(id),
      ordinal int NOT NULL,
      business_days_waiting int NOT NULL,
      reminded_on date NOT NULL,
      reminded_at timestamptz NOT NULL,
      PRIMARY KEY (submission_id, ordinal))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE submission_review_reminder`);
  }
}
