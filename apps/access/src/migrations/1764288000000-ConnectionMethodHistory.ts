import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every version of a connection-method catalogue entry (the defaults are version 1). */
export class ConnectionMethodHistory1764288000000 implements MigrationInterface {
  name = 'ConnectionMethodHistory1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE connection_method_revision (
      seq bigserial PRIMARY KEY,
      code text NOT NULL REFERENCES connection_method(code),
      version int NOT NULL,
      name text NOT NULL,
      active boolean NOT NULL,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      UNIQUE (code, version))`);
    await q.query(`INSERT INTO connection_method_revision (code, version, name, active, at, actor)
                   SELECT code, version, name, active, now(), 'migration' FROM connection_method`);
    await q.query(`CREATE TRIGGER connection_method_revision_append_only BEFORE UPDATE OR DELETE ON connection_method_revision
                   FOR EACH ROW EXECUTE FUNCTION access_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE connection_method_revision`);
  }
}
