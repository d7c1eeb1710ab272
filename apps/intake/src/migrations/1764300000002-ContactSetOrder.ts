import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The A-11-3 a contact set came from, by documents' order (series, then round), so the current set is the one of
 * the latest A-11-3 whatever order the acceptances arrived in. A-1's set (and sets recorded before this) is 0, 0.
 */
export class ContactSetOrder1764300000002 implements MigrationInterface {
  name = 'ContactSetOrder1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE contact ADD COLUMN series int NOT NULL DEFAULT 0, ADD COLUMN round int NOT NULL DEFAULT 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contact DROP COLUMN round, DROP COLUMN series`);
  }
}
