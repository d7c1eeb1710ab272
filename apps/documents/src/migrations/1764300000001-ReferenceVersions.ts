import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The owner's version of each catalogue row documents keeps (card kinds from cards, contractors and connections
 * from access), so a late event carrying an older version never overwrites a newer one. Rows already held count
 * as version 0: the next event of any version replaces them.
 */
export class ReferenceVersions1764300000001 implements MigrationInterface {
  name = 'ReferenceVersions1764300000001';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['card_kind_ref', 'contractor_ref', 'connection_ref'])
      await q.query(`ALTER TABLE ${table} ADD COLUMN version int NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['card_kind_ref', 'contractor_ref', 'connection_ref'])
      await q.query(`ALTER TABLE ${table} DROP COLUMN version`);
  }
}
