import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Test access terms (TEST_ACCESS_DAYS): operators' extensions, append-only like the rest of access's history, and the
 * notices sent (one per grant, kind and end date, so each is sent once and an extension earns a new notice).
 */
export class TestAccessTerm1764500000002 implements MigrationInterface {
  name = 'TestAccessTerm1764500000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE test_access_extension (
      seq bigserial PRIMARY KEY,
      grant_id uuid NOT NULL REFERENCES access_grant(id),
      expires_on date NOT NULL,
      reason text NOT NULL,
      extended_by text NOT NULL,
      at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX test_access_extension_grant ON test_access_extension (grant_id, seq)`);
    await q.query(
      `CREATE TRIGGER test_access_extension_append_only BEFORE UPDATE OR DELETE ON test_access_extension FOR EACH ROW EXECUTE FUNCTION access_append_only()`,
    );
    await q.query(`CREATE TABLE test_access_notice (
      grant_id uuid NOT NULL REFERENCES access_grant(id),
      kind text NOT NULL CHECK (kind IN ('expiring', 'expired')),
      expires_on date NOT NULL,
      sent_on date NOT NULL,
      PRIMARY KEY (grant_id, kind, expires_on))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE test_access_notice`);
    await q.query(`DROP TABLE test_access_extension`);
  }
}
