import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An approved production grant whose A-11-2 is still to be rendered. The consumer only records it (in the decision
 * event's transaction); ApprovalDocumentsJob renders, stores and announces it, then deletes the row — so a PDF
 * rendering no longer holds up every event behind it in the consumer's loop.
 */
export class ApprovalDocumentsDue1764460800000 implements MigrationInterface {
  name = 'ApprovalDocumentsDue1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE approval_document_due (
      grant_id uuid PRIMARY KEY REFERENCES access_grant(id),
      correlation_id text NOT NULL,
      decided_at timestamptz NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      due_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX approval_document_due_at ON approval_document_due (due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE approval_document_due`);
  }
}
