import { MigrationInterface, QueryRunner } from 'typeorm';

/** Files a mail carries (the approved A-11-2 PDF), stored with the mail so a resend sends the same bytes. */
export class MailAttachments1764374400000 implements MigrationInterface {
  name = 'MailAttachments1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE mail_attachment (
      message_id uuid NOT NULL REFERENCES mail_message(id),
      position int NOT NULL,
      filename text NOT NULL,
      content_type text NOT NULL,
      content bytea NOT NULL,
      PRIMARY KEY (message_id, position))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_attachment`);
  }
}
