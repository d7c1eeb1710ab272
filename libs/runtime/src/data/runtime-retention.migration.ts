import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10 (idempotency that cannot cross routes, retention): an Idempotency-Key is bound to the operation and the
 * objects it names (scope_hash; null for keys stored before, which keep comparing by body); the retention job finds
 * expired keys, delivered outbox rows and old inbox rows by time.
 */
export class RuntimeRetention1764400000000 implements MigrationInterface {
  name = 'RuntimeRetention1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key ADD COLUMN scope_hash text`);
    await q.query(`CREATE INDEX idempotency_key_created ON idempotency_key (created_at)`);
    await q.query(`CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL`);
    await q.query(`CREATE INDEX inbox_processed ON inbox (processed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX inbox_processed`);
    await q.query(`DROP INDEX outbox_published`);
    await q.query(`DROP INDEX idempotency_key_created`);
    await q.query(`ALTER TABLE idempotency_key DROP COLUMN scope_hash`);
  }
}
