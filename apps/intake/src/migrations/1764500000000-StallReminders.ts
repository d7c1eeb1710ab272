import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stalled-case reminders (STALLED_BUSINESS_DAYS): one row per case, stall (the instant of the last step it waits
 * after) and ordinal, so each reminder is written, and its event sent, once however many instances look.
 */
export class StallReminders1764500000000 implements MigrationInterface {
  name = 'StallReminders1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE stall_reminder (
      application_id uuid NOT NULL REFERENCES application (id),
      since timestamptz NOT NULL,
      ordinal int NOT NULL,
      business_days_stalled int NOT NULL,
      reminded_on date NOT NULL,
      PRIMARY KEY (application_id, since, ordinal))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stall_reminder`);
  }
}
