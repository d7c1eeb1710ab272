import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stored mail (one per event and template) and the contractors' mail addresses projected from access. */
export class MailTables1764201600000 implements MigrationInterface {
  name = 'MailTables1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE contractor_contact (
      contractor_id text PRIMARY KEY,
      name text NOT NULL,
      email text NOT NULL,
      corporate_number text,
      aggregate_version int NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE mail_message (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      application_id uuid,
      organization_code char(6),
      contractor_id text,
      template_code text NOT NULL,
      template_version int NOT NULL,
      message_id text NOT NULL UNIQUE,
      mail_from text NOT NULL,
      mail_to text[] NOT NULL,
      mail_cc text[] NOT NULL DEFAULT '{}',
      reply_to text,
      subject text NOT NULL,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      CONSTRAINT mail_message_event_template UNIQUE (event_id, template_code))`);
    await q.query(`CREATE INDEX mail_message_due ON mail_message (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX mail_message_application ON mail_message (application_id, created_at)`);
    await q.query(`CREATE INDEX mail_message_organization ON mail_message (organization_code, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_message`);
    await q.query(`DROP TABLE contractor_contact`);
  }
}
