import { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhook subscriptions of portals, one delivery per (subscription, event), and every try of each delivery. */
export class WebhookTables1764950400000 implements MigrationInterface {
  name = 'WebhookTables1764950400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_subscription (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      owner_role text NOT NULL CHECK (owner_role IN ('operator', 'applicant', 'contractor')),
      owner_org char(6),
      owner_contractor text,
      created_by text NOT NULL,
      url text NOT NULL,
      event_types text[] NOT NULL,
      contact_email text NOT NULL,
      description text,
      secret_key_id text NOT NULL,
      secret_sealed text NOT NULL,
      secret_set_at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      disabled_at timestamptz,
      disabled_reason text,
      deleted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(
      `CREATE INDEX webhook_subscription_active ON webhook_subscription USING gin (event_types) WHERE status = 'active' AND deleted_at IS NULL`,
    );
    await q.query(`CREATE TABLE webhook_delivery (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      subscription_id uuid NOT NULL REFERENCES webhook_subscription (id),
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      application_id uuid,
      reception_number text,
      reach text NOT NULL DEFAULT 'case' CHECK (reach IN ('case', 'confidential')),
      body text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      first_try_at timestamptz,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT webhook_delivery_once UNIQUE (subscription_id, event_id))`);
    await q.query(`CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_delivery_log ON webhook_delivery (subscription_id, created_at)`);
    await q.query(`CREATE TABLE webhook_attempt (
      delivery_id uuid NOT NULL REFERENCES webhook_delivery (id),
      attempt int NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      status_code int,
      error text,
      duration_ms int NOT NULL,
      PRIMARY KEY (delivery_id, attempt))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_attempt`);
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook_subscription`);
  }
}
