import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two facts of a case for its LGPKI task (R9): it verifies via LGPKI (an A-08-1 or a connection link said so) and the
 * LGWAN 全国センター's procedure is recorded done. Both only ever turn true, so any order of events gives the same view.
 */
export class LgpkiTask1764500000005 implements MigrationInterface {
  name = 'LgpkiTask1764500000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application ADD COLUMN via_lgpki boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE application ADD COLUMN lgwan_task_done boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP COLUMN lgwan_task_done`);
    await q.query(`ALTER TABLE application DROP COLUMN via_lgpki`);
  }
}
