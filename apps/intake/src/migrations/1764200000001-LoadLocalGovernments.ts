import { MigrationInterface, QueryRunner } from 'typeorm';
import { readDirectory } from '../directory/directory-data';

/**
 * Loads the directory of local governments from apps/intake/data/local-governments.csv (read now, at
 * migration time; see data/README.md for its source). Version 1 of every row; operators amend later.
 */
export class LoadLocalGovernments1764200000001 implements MigrationInterface {
  name = 'LoadLocalGovernments1764200000001';

  async up(q: QueryRunner): Promise<void> {
    const rows = readDirectory();
    const cols = (pick: (r: (typeof rows)[number]) => string) => rows.map(pick);
    const params = [
      cols((r) => r.code),
      cols((r) => r.prefecture),
      cols((r) => r.name),
      cols((r) => r.nameKana),
      cols((r) => r.kind),
    ];
    await q.query(
      `INSERT INTO local_government (code, prefecture, name, name_kana, kind, active, version)
       SELECT code, prefecture, name, name_kana, kind, true, 1
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(code, prefecture, name, name_kana, kind)`,
      params,
    );
    await q.query(
      `INSERT INTO local_government_history (code, version, prefecture, name, name_kana, kind, active, reason, recorded_by)
       SELECT code, 1, prefecture, name, name_kana, kind, true, 'localgovjp (Code for FUKUI, CC0) snapshot, apps/intake/data', 'migration'
       FROM local_government`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE local_government_history DISABLE TRIGGER local_government_history_append_only`);
    await q.query(`DELETE FROM local_government_history WHERE version = 1 AND recorded_by = 'migration'`);
    await q.query(`ALTER TABLE local_government_history ENABLE TRIGGER local_government_history_append_only`);
    await q.query(`DELETE FROM local_government WHERE code NOT IN (SELECT code FROM local_government_history)`);
  }
}
