import { MigrationInterface, QueryRunner } from 'typeorm';

/** The approved A-11-2 of each production grant as the PDF that was sent: rendered once, never changed. */
export class ApprovalDocuments1764374400001 implements MigrationInterface {
  name = 'ApprovalDocuments1764374400001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE approval_document (
      grant_id uuid PRIMARY KEY REFERENCES access_grant(id),
      application_id uuid NOT NULL,
      filename text NOT NULL,
      content bytea NOT NULL,
      rendered_at timestamptz NOT NULL)`);
    await q.query(`CREATE TRIGGER approval_document_append_only BEFORE UPDATE OR DELETE ON approval_document
                   FOR EACH ROW EXECUTE FUNCTION access_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE approval_document`);
  }
}
