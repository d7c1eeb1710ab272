import { MigrationInterface, QueryRunner } from 'typeorm';

/** A-10 テスト終了後: the day the applicant recorded its test finished, and who recorded it (written once). */
export class TestCompletion1764400000002 implements MigrationInterface {
  name = 'TestCompletion1764400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE application ADD COLUMN test_completed_on date, ADD COLUMN test_completed_by text,
         ADD COLUMN test_note text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE application DROP COLUMN test_completed_on, DROP COLUMN test_completed_by, DROP COLUMN test_note`,
    );
  }
}
