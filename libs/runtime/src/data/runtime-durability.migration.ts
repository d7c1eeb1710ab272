import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10 (nothing dropped): outbox rows count their failed publications and can be parked; a consumer counts
 * handler failures per event itself (infrastructure failures are not counted); dead letters get an id of their own,
 * a source (a consumed event or an outbox row) and an append-only history of what operators did with them.
 */
export class RuntimeDurability1764300000000 implements MigrationInterface {
  name = 'RuntimeDurability1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox
      ADD COLUMN attempts int NOT NULL DEFAULT 0,
      ADD COLUMN last_error text,
      ADD COLUMN retry_at timestamptz,
      ADD COLUMN parked_at timestamptz`);
    await q.query(`DROP INDEX outbox_unpublished`);
    await q.query(`CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL AND parked_at IS NULL`);
    await q.query(`CREATE TABLE event_failure (
      event_id uuid PRIMARY KEY,
      attempts int NOT NULL,
      last_error text NOT NULL,
      failed_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`ALTER TABLE dead_letter
      ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
      ADD COLUMN source text NOT NULL DEFAULT 'consumer' CHECK (source IN ('consumer', 'outbox'))`);
    await q.query(`ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_pkey`);
    await q.query(`ALTER TABLE dead_letter ADD PRIMARY KEY (id)`);
    await q.query(`ALTER TABLE dead_letter ADD CONSTRAINT dead_letter_source_event UNIQUE (source, event_id)`);
    await q.query(`CREATE TABLE dead_letter_action (
      seq bigserial PRIMARY KEY,
      dead_letter_id uuid NOT NULL REFERENCES dead_letter (id),
      action text NOT NULL CHECK (action IN ('parked', 'replayed', 'replay-failed', 'discarded')),
      actor text NOT NULL,
      reason text,
      error text,
      at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX dead_letter_action_letter ON dead_letter_action (dead_letter_id, seq)`);
    await q.query(`INSERT INTO dead_letter_action (dead_letter_id, action, actor, error, at)
      SELECT id, 'parked', 'system', split_part(error, E'\\n', 1), failed_at FROM dead_letter`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dead_letter_action`);
    await q.query(`DELETE FROM dead_letter WHERE source <> 'consumer'`);
    await q.query(`ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_source_event`);
    await q.query(`ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_pkey`);
    await q.query(`ALTER TABLE dead_letter ADD PRIMARY KEY (event_id)`);
    await q.query(`ALTER TABLE dead_letter DROP COLUMN source, DROP COLUMN id`);
    await q.query(`DROP TABLE event_failure`);
    await q.query(`DROP INDEX outbox_pending`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
    await q.query(
      `ALTER TABLE outbox DROP COLUMN parked_at, DROP COLUMN retry_at, DROP COLUMN last_error, DROP COLUMN attempts`,
    );
  }
}
