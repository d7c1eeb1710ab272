import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contractors an accepted A-03-2 of the case named (R4), so that after a contractor change the next actions ask for
 * the new contractor's own A-03-2. A case whose A-3 is already done counts its current contractor as named (its A-03-2
 * was required for completion), so an upgrade asks nothing of cases that owe nothing.
 */
export class ContractorA03021764500000006 implements MigrationInterface {
  name = 'ContractorA03021764500000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application ADD COLUMN a0302_contractors text[] NOT NULL DEFAULT '{}'`);
    await q.query(
      `UPDATE application SET a0302_contractors = ARRAY[contractor_id]
        WHERE contractor_id IS NOT NULL AND steps @> '[{"code":"A-3","status":"done"}]'::jsonb`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP COLUMN a0302_contractors`);
  }
}
