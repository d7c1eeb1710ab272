import { MigrationInterface, QueryRunner } from 'typeorm';

/** R4, who read what: one row per file handed out (a template, a submission, an NDA, a Q&A sheet, an agreement). */
export class FileDownloads1764500000003 implements MigrationInterface {
  name = 'FileDownloads1764500000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE file_download (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      at timestamptz NOT NULL,
      kind text NOT NULL,
      ref text NOT NULL,
      file_id uuid NOT NULL REFERENCES stored_file(id),
      application_id uuid,
      caller_sub text NOT NULL,
      caller_role text NOT NULL,
      caller_name text,
      organization_code text,
      contractor_id text)`);
    await q.query(`CREATE INDEX file_download_at ON file_download (at DESC, id)`);
    await q.query(`CREATE INDEX file_download_case ON file_download (application_id, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE file_download`);
  }
}
