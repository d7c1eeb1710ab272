import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two people for decisions that open or close the network: a production grant, a suspension or a revocation is a
 * proposal (one row) and approvals (one row each); nothing is updated, so both names and times stay as they were.
 */
export class AccessDecisions1764374400000 implements MigrationInterface {
  name = 'AccessDecisions1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE access_decision (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      application_id uuid NOT NULL,
      environment text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('production-grant', 'suspension', 'revocation')),
      grant_id uuid,
      submission_id uuid,
      reason text,
      override_reason text,
      approvals_required int NOT NULL CHECK (approvals_required >= 1),
      proposed_by text NOT NULL,
      proposed_by_name text NOT NULL,
      proposed_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX access_decision_case ON access_decision (application_id, seq)`);
    await q.query(`CREATE TABLE access_decision_approval (
      seq bigserial PRIMARY KEY,
      decision_id uuid NOT NULL REFERENCES access_decision(id),
      approved_by text NOT NULL,
      approved_by_name text NOT NULL,
      approved_at timestamptz NOT NULL,
      -- the grant made (production) or acted on, set on the approval that carried the decision out
      carried_out_grant_id uuid,
      UNIQUE (decision_id, approved_by))`);
    await q.query(`ALTER TABLE access_grant ADD COLUMN decision_id uuid REFERENCES access_decision(id)`);
    for (const table of ['access_decision', 'access_decision_approval']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
                     FOR EACH ROW EXECUTE FUNCTION access_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_grant DROP COLUMN decision_id`);
    await q.query(`DROP TABLE access_decision_approval`);
    await q.query(`DROP TABLE access_decision`);
  }
}
