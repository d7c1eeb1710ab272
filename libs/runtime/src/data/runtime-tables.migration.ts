import { MigrationInterface, QueryRunner } from 'typeorm';

/** The runtime's own tables (outbox, inbox, dead letters, idempotency keys, case projection), first migration of every service. */
export class RuntimeTables1764115200000 implements MigrationInterface {
  name = 'RuntimeTables1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbox (
      seq bigserial PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      type text NOT NULL,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz)`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
    await q.query(`CREATE TABLE inbox (
      event_id uuid PRIMARY KEY,
      type text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE dead_letter (
      event_id uuid PRIMARY KEY,
      type text NOT NULL,
      envelope jsonb NOT NULL,
      error text NOT NULL,
      attempts int NOT NULL,
      failed_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE idempotency_key (
      caller_sub text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (caller_sub, key))`);
    await q.query(`CREATE TABLE case_snapshot (
      application_id uuid PRIMARY KEY,
      organization_code char(6) NOT NULL,
      contractor_id text,
      snapshot jsonb NOT NULL,
      aggregate_version int NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX case_snapshot_org ON case_snapshot (organization_code)`);
    await q.query(`CREATE INDEX case_snapshot_contractor ON case_snapshot (contractor_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_snapshot`);
    await q.query(`DROP TABLE idempotency_key`);
    await q.query(`DROP TABLE dead_letter`);
    await q.query(`DROP TABLE inbox`);
    await q.query(`DROP TABLE outbox`);
  }
}
