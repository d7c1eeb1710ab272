import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One meaning of `agreementId` (decision 141): documents gives every version of a case's agreement its own id, so the
 * projection is keyed like documents' latest-agreement query reads it — by case and version — and `agreement_id` is the
 * id of that version.
 */
export class AgreementVersionKey1764500000004 implements MigrationInterface {
  name = 'AgreementVersionKey1764500000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreement_version DROP CONSTRAINT agreement_version_pkey`);
    await q.query(`ALTER TABLE agreement_version ADD PRIMARY KEY (application_id, version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreement_version DROP CONSTRAINT agreement_version_pkey`);
    await q.query(`ALTER TABLE agreement_version ADD PRIMARY KEY (agreement_id, version)`);
  }
}
