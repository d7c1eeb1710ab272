import { AccessEvents, ConnectionMethodPayload } from '@jlis/contracts';
import { writeSeedEvent } from '@jlis/runtime';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Default connection methods (domain.md: not public, so a catalogue with defaults). Fixed ids: the seed events are the same everywhere. */
export const DEFAULT_CONNECTION_METHODS: (ConnectionMethodPayload & { eventId: string })[] = [
  { code: 'lgwan', name: 'LGWAN', active: true, eventId: '6f1d1c1e-6a53-4c3e-9a55-0a1c0e000001' },
  {
    code: 'internet-vpn',
    name: 'インターネットVPN / Internet VPN',
    active: true,
    eventId: '6f1d1c1e-6a53-4c3e-9a55-0a1c0e000002',
  },
  {
    code: 'dedicated-line',
    name: '専用線 / Dedicated line',
    active: true,
    eventId: '6f1d1c1e-6a53-4c3e-9a55-0a1c0e000003',
  },
];

/** Contractors, connection registrations and links, the projections access keeps, and append-only grants. */
export class AccessTables1764201600000 implements MigrationInterface {
  name = 'AccessTables1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE connection_method (
      code text PRIMARY KEY,
      name text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      version int NOT NULL DEFAULT 1)`);
    for (const m of DEFAULT_CONNECTION_METHODS) {
      await q.query(`INSERT INTO connection_method (code, name, active) VALUES ($1, $2, $3)`, [
        m.code,
        m.name,
        m.active,
      ]);
      await writeSeedEvent<ConnectionMethodPayload>(q, {
        id: m.eventId,
        type: AccessEvents.ConnectionMethodDefined,
        aggregateId: m.code,
        aggregateVersion: 1,
        payload: { code: m.code, name: m.name, active: m.active },
      });
    }
    await q.query(`CREATE TABLE contractor (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      corporate_number char(13) NOT NULL UNIQUE,
      email text NOT NULL,
      version int NOT NULL DEFAULT 1,
      registered_at timestamptz NOT NULL,
      registered_by text NOT NULL)`);
    await q.query(`CREATE TABLE contractor_revision (
      seq bigserial PRIMARY KEY,
      contractor_id uuid NOT NULL REFERENCES contractor(id),
      version int NOT NULL,
      name text NOT NULL,
      email text NOT NULL,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      UNIQUE (contractor_id, version))`);
    await q.query(`CREATE TABLE connection (
      id uuid PRIMARY KEY,
      contractor_id uuid NOT NULL REFERENCES contractor(id),
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      method text NOT NULL REFERENCES connection_method(code),
      cidrs text[] NOT NULL,
      registered_at timestamptz NOT NULL,
      registered_by text NOT NULL)`);
    await q.query(`CREATE INDEX connection_contractor ON connection (contractor_id)`);
    await q.query(`CREATE TABLE connection_cidr (
      connection_id uuid NOT NULL REFERENCES connection(id),
      contractor_id uuid NOT NULL,
      environment text NOT NULL,
      cidr cidr NOT NULL,
      PRIMARY KEY (connection_id, cidr))`);
    await q.query(`CREATE INDEX connection_cidr_overlap ON connection_cidr USING gist (cidr inet_ops)`);
    await q.query(`CREATE TABLE connection_withdrawal (
      connection_id uuid PRIMARY KEY REFERENCES connection(id),
      at timestamptz NOT NULL,
      actor text NOT NULL)`);
    await q.query(`CREATE TABLE connection_link (
      id uuid PRIMARY KEY,
      application_id uuid NOT NULL,
      connection_id uuid NOT NULL REFERENCES connection(id),
      environment text NOT NULL,
      via_lgpki boolean NOT NULL DEFAULT false,
      source text NOT NULL,
      submission_id uuid,
      linked_at timestamptz NOT NULL,
      linked_by text NOT NULL)`);
    await q.query(`CREATE INDEX connection_link_case ON connection_link (application_id)`);
    await q.query(`CREATE INDEX connection_link_connection ON connection_link (connection_id)`);
    await q.query(
      `CREATE UNIQUE INDEX connection_link_submission ON connection_link (submission_id) WHERE submission_id IS NOT NULL`,
    );
    await q.query(`CREATE TABLE connection_link_release (
      link_id uuid PRIMARY KEY REFERENCES connection_link(id),
      at timestamptz NOT NULL,
      actor text NOT NULL,
      reason text NOT NULL)`);
    await q.query(`CREATE TABLE lgwan_task (
      seq bigserial PRIMARY KEY,
      application_id uuid NOT NULL,
      completed_on date NOT NULL,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE accepted_submission (
      submission_id uuid PRIMARY KEY,
      application_id uuid NOT NULL,
      form text NOT NULL,
      series int NOT NULL,
      round int NOT NULL,
      fields jsonb NOT NULL,
      seal_confirmed boolean,
      supersedes uuid,
      accepted_at timestamptz NOT NULL,
      seq bigserial NOT NULL)`);
    await q.query(`CREATE INDEX accepted_submission_case ON accepted_submission (application_id, form)`);
    await q.query(`CREATE TABLE agreement_version (
      agreement_id uuid NOT NULL,
      version int NOT NULL,
      application_id uuid NOT NULL,
      signed_on date NOT NULL,
      effective_from date NOT NULL,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (agreement_id, version))`);
    await q.query(`CREATE TABLE card_holding (
      application_id uuid PRIMARY KEY,
      units_out int NOT NULL,
      aggregate_version int NOT NULL)`);
    await q.query(`CREATE TABLE production_ready (
      application_id uuid PRIMARY KEY,
      at timestamptz NOT NULL)`);
    await q.query(`CREATE SEQUENCE approval_number_seq`);
    await q.query(`CREATE TABLE access_grant (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      application_id uuid NOT NULL,
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      connection_id uuid REFERENCES connection(id),
      contractor_id uuid,
      method text,
      cidrs text[] NOT NULL,
      via_lgpki boolean NOT NULL DEFAULT false,
      submission_id uuid,
      created_on date NOT NULL,
      effective_on date NOT NULL,
      approval_number text NOT NULL UNIQUE,
      approved_on date NOT NULL,
      approver text NOT NULL,
      override_reason text,
      units_out_at_grant int NOT NULL DEFAULT 0,
      supersedes uuid REFERENCES access_grant(id),
      change_kind text,
      granted_by text NOT NULL,
      granted_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX access_grant_case ON access_grant (application_id, environment)`);
    await q.query(
      `CREATE UNIQUE INDEX access_grant_one_test ON access_grant (application_id) WHERE environment = 'test'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX access_grant_one_per_a11_2 ON access_grant (submission_id) WHERE environment = 'production'`,
    );
    await q.query(`CREATE TABLE grant_log (
      seq bigserial PRIMARY KEY,
      grant_id uuid NOT NULL REFERENCES access_grant(id),
      kind text NOT NULL CHECK (kind IN ('created', 'effective', 'superseded', 'suspended', 'revoked', 'reinstated')),
      on_date date NOT NULL,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      reason text)`);
    await q.query(`CREATE INDEX grant_log_grant ON grant_log (grant_id)`);
    await q.query(
      `CREATE UNIQUE INDEX grant_log_once ON grant_log (grant_id, kind) WHERE kind IN ('created', 'effective', 'superseded', 'revoked')`,
    );
    // History is append-only: the database refuses to change or delete it.
    await q.query(`CREATE FUNCTION access_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'access history is append-only (%.%)', TG_TABLE_NAME, TG_OP; END $$`);
    for (const table of [
      'grant_log',
      'access_grant',
      'connection_link',
      'connection_link_release',
      'connection_withdrawal',
      'lgwan_task',
      'contractor_revision',
    ]) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION access_append_only()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'grant_log',
      'access_grant',
      'card_holding',
      'production_ready',
      'agreement_version',
      'accepted_submission',
      'lgwan_task',
      'connection_link_release',
      'connection_link',
      'connection_withdrawal',
      'connection_cidr',
      'connection',
      'contractor_revision',
      'contractor',
      'connection_method',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP SEQUENCE approval_number_seq`);
    await q.query(`DROP FUNCTION access_append_only()`);
  }
}
