import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables of intake: the directory with its history, cases, contacts, decisions, and the case view's projections. */
export class IntakeTables1764200000000 implements MigrationInterface {
  name = 'IntakeTables1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // History tables refuse UPDATE and DELETE: a change is a new row.
    await q.query(`CREATE FUNCTION intake_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`);

    await q.query(`CREATE TABLE local_government (
      code char(6) PRIMARY KEY,
      prefecture text NOT NULL,
      name text NOT NULL,
      name_kana text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('prefecture', 'municipality', 'ward')),
      active boolean NOT NULL DEFAULT true,
      version int NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE local_government_history (
      code char(6) NOT NULL,
      version int NOT NULL,
      prefecture text NOT NULL,
      name text NOT NULL,
      name_kana text NOT NULL,
      kind text NOT NULL,
      active boolean NOT NULL,
      reason text NOT NULL,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (code, version))`);

    await q.query(`CREATE TABLE application (
      id uuid PRIMARY KEY,
      organization_code char(6) NOT NULL REFERENCES local_government (code),
      organization_name text NOT NULL,
      verifier_name text NOT NULL,
      verifier_kinds text[] NOT NULL,
      department text NOT NULL,
      status text NOT NULL,
      contractor_id text,
      wants_online_test boolean NOT NULL,
      requested_at timestamptz NOT NULL,
      requested_by text NOT NULL,
      version int NOT NULL,
      step_state jsonb NOT NULL DEFAULT '{}',
      steps jsonb NOT NULL DEFAULT '[]',
      open_steps text[] NOT NULL DEFAULT '{}',
      waiting_for text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX application_requested ON application (requested_at DESC, id)`);
    await q.query(`CREATE INDEX application_org ON application (organization_code, requested_at DESC)`);
    await q.query(
      `CREATE INDEX application_contractor ON application (contractor_id, requested_at DESC) WHERE contractor_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX application_status ON application (status, requested_at DESC)`);
    await q.query(`CREATE INDEX application_open_steps ON application USING gin (open_steps)`);
    await q.query(`CREATE INDEX application_waiting_for ON application USING gin (waiting_for)`);

    await q.query(`CREATE TABLE qualification (
      id bigserial PRIMARY KEY,
      application_id uuid NOT NULL REFERENCES application (id),
      decision text NOT NULL CHECK (decision IN ('qualified', 'rejected')),
      reason text,
      decided_by text NOT NULL,
      decided_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX qualification_application ON qualification (application_id, id)`);

    await q.query(`CREATE TABLE contact (
      id bigserial PRIMARY KEY,
      application_id uuid NOT NULL REFERENCES application (id),
      set_no int NOT NULL,
      role text NOT NULL,
      name text NOT NULL,
      department text,
      phone text NOT NULL,
      email text NOT NULL,
      source text NOT NULL,
      submission_id text,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX contact_application ON contact (application_id, set_no)`);
    await q.query(
      `CREATE UNIQUE INDEX contact_submission ON contact (submission_id, role, email) WHERE submission_id IS NOT NULL`,
    );

    await q.query(`CREATE TABLE contractor (
      contractor_id text PRIMARY KEY,
      name text NOT NULL,
      corporate_number text,
      email text,
      aggregate_version int NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);

    await q.query(`CREATE TABLE production_grant (
      grant_id text PRIMARY KEY,
      application_id uuid NOT NULL,
      status text NOT NULL,
      aggregate_version int NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX production_grant_application ON production_grant (application_id)`);

    await q.query(`CREATE TABLE case_timeline (
      seq bigserial UNIQUE,
      event_id uuid PRIMARY KEY,
      application_id uuid NOT NULL REFERENCES application (id),
      type text NOT NULL,
      actor_sub text NOT NULL,
      actor_role text NOT NULL,
      occurred_at timestamptz NOT NULL,
      summary text NOT NULL,
      steps text[] NOT NULL DEFAULT '{}')`);
    await q.query(`CREATE INDEX case_timeline_application ON case_timeline (application_id, occurred_at, seq)`);

    await q.query(`CREATE TABLE case_change (
      event_id uuid NOT NULL,
      kind text NOT NULL,
      application_id uuid NOT NULL REFERENCES application (id),
      event_type text NOT NULL,
      at timestamptz NOT NULL,
      ref text,
      PRIMARY KEY (event_id, kind))`);
    await q.query(`CREATE INDEX case_change_application ON case_change (application_id, at)`);

    for (const table of ['local_government_history', 'qualification', 'contact', 'case_timeline', 'case_change']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION intake_append_only()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'case_change',
      'case_timeline',
      'production_grant',
      'contractor',
      'contact',
      'qualification',
      'application',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP TABLE local_government_history`);
    await q.query(`DROP TABLE local_government`);
    await q.query(`DROP FUNCTION intake_append_only()`);
  }
}
