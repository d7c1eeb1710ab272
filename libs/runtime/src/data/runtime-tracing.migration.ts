import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 12: an outbox row keeps the trace context (`traceparent`) of the transaction that wrote it. */
export class RuntimeTracing1796000000000 implements MigrationInterface {
  name = 'RuntimeTracing1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN trace_parent text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN trace_parent`);
  }
}
