import { CardKindDefinedPayload, CardsEvents } from '@jlis/contracts';
import { writeSeedEvent } from '@jlis/runtime';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Default card kinds. What J-LIS's test cards carry is not public; a production My Number Card holds the
 * JPKI-AP (both certificates), 券面事項確認AP, 券面事項入力補助AP and 住基AP (domain.md). Operators edit these.
 * Ids are fixed so the seed events are the same wherever the migration runs.
 */
export const DEFAULT_CARD_KINDS: (CardKindDefinedPayload & { eventId: string })[] = [
  {
    eventId: '5f3c2a8e-0c1b-4f7e-9a51-6d2f8b1c0a01',
    code: 'jpki',
    name: 'テスト用ICカード（JPKI-AP のみ：署名用・利用者証明用電子証明書）',
    applications: ['JPKI-AP 署名用電子証明書', 'JPKI-AP 利用者証明用電子証明書'],
    active: true,
  },
  {
    eventId: '5f3c2a8e-0c1b-4f7e-9a51-6d2f8b1c0a02',
    code: 'full',
    name: 'テスト用ICカード（本番カード相当：JPKI-AP・券面事項確認AP・券面事項入力補助AP・住基AP）',
    applications: [
      'JPKI-AP 署名用電子証明書',
      'JPKI-AP 利用者証明用電子証明書',
      '券面事項確認AP',
      '券面事項入力補助AP',
      '住基AP',
    ],
    active: true,
  },
];

/** The cards schema: kinds, units with append-only history, loans with their units, reminders, holdings, A-06 receipts. */
export class CardsTables1764201600000 implements MigrationInterface {
  name = 'CardsTables1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'history is append-only (%.%)', TG_TABLE_SCHEMA, TG_TABLE_NAME; END $$`);

    await q.query(`CREATE TABLE card_kind (
      code text PRIMARY KEY,
      name text NOT NULL,
      applications jsonb NOT NULL,
      active boolean NOT NULL DEFAULT true,
      low_stock_threshold int NOT NULL DEFAULT 2 CHECK (low_stock_threshold >= 0),
      low_announced boolean NOT NULL DEFAULT false,
      low_announcements int NOT NULL DEFAULT 0,
      version int NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE card_kind_history (
      id bigserial PRIMARY KEY,
      code text NOT NULL REFERENCES card_kind (code),
      version int NOT NULL,
      name text NOT NULL,
      applications jsonb NOT NULL,
      active boolean NOT NULL,
      low_stock_threshold int NOT NULL,
      actor text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (code, version))`);

    await q.query(`CREATE TABLE card_unit (
      serial text PRIMARY KEY,
      kind text NOT NULL REFERENCES card_kind (code),
      state text NOT NULL CHECK (state IN ('in-stock','allocated','shipped','with-applicant','with-contractor','returned','lost','retired')),
      loan_id uuid,
      registered_seq bigserial NOT NULL UNIQUE,
      registered_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX card_unit_stock ON card_unit (kind, registered_seq) WHERE state = 'in-stock'`);
    await q.query(`CREATE INDEX card_unit_loan ON card_unit (loan_id)`);
    await q.query(`CREATE TABLE card_unit_history (
      id bigserial PRIMARY KEY,
      serial text NOT NULL REFERENCES card_unit (serial),
      state text NOT NULL,
      loan_id uuid,
      actor text NOT NULL,
      note text,
      at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX card_unit_history_serial ON card_unit_history (serial, id)`);

    await q.query(`CREATE TABLE card_loan (
      id uuid PRIMARY KEY,
      application_id uuid NOT NULL,
      submission_id uuid NOT NULL,
      state text NOT NULL CHECK (state IN ('waiting','allocated','shipped','closed')),
      opened_seq bigserial NOT NULL UNIQUE,
      opened_at timestamptz NOT NULL DEFAULT now(),
      opened_by text NOT NULL,
      version int NOT NULL DEFAULT 1,
      carrier text,
      tracking_number text,
      shipped_on date,
      expected_return_on date,
      closed_at timestamptz,
      CONSTRAINT card_loan_one_per_submission UNIQUE (submission_id))`);
    await q.query(`CREATE INDEX card_loan_application ON card_loan (application_id)`);
    await q.query(`CREATE INDEX card_loan_open ON card_loan (state, opened_seq) WHERE state <> 'closed'`);
    await q.query(`CREATE TABLE card_loan_line (
      loan_id uuid NOT NULL REFERENCES card_loan (id),
      kind text NOT NULL REFERENCES card_kind (code),
      quantity int NOT NULL CHECK (quantity > 0),
      allocated int NOT NULL DEFAULT 0 CHECK (allocated >= 0 AND allocated <= quantity),
      PRIMARY KEY (loan_id, kind))`);
    await q.query(`CREATE INDEX card_loan_line_short ON card_loan_line (kind) WHERE allocated < quantity`);
    await q.query(`CREATE TABLE card_loan_unit (
      loan_id uuid NOT NULL REFERENCES card_loan (id),
      serial text NOT NULL REFERENCES card_unit (serial),
      kind text NOT NULL,
      outcome text NOT NULL DEFAULT 'out' CHECK (outcome IN ('out','returned','lost')),
      allocated_at timestamptz NOT NULL DEFAULT now(),
      allocated_by text NOT NULL,
      returned_on date,
      condition text,
      lost_reason text,
      PRIMARY KEY (loan_id, serial))`);
    // The database itself refuses a unit on two open loans, whatever the code above it does.
    await q.query(`CREATE UNIQUE INDEX card_loan_unit_one_open_loan ON card_loan_unit (serial) WHERE outcome = 'out'`);
    await q.query(`CREATE TABLE card_loan_reminder (
      loan_id uuid NOT NULL REFERENCES card_loan (id),
      ordinal int NOT NULL,
      business_days_overdue int NOT NULL,
      reminded_on date NOT NULL,
      reminded_by text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (loan_id, ordinal))`);
    await q.query(`CREATE TABLE card_holdings (
      application_id uuid PRIMARY KEY,
      units_out int NOT NULL CHECK (units_out >= 0),
      version int NOT NULL)`);
    await q.query(`CREATE TABLE a06_receipt (
      submission_id uuid PRIMARY KEY,
      application_id uuid NOT NULL,
      cards jsonb,
      problems jsonb,
      accepted_at timestamptz NOT NULL DEFAULT now())`);
    for (const table of ['card_kind_history', 'card_unit_history', 'card_loan_reminder']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
      );
    }

    for (const kind of DEFAULT_CARD_KINDS) {
      await q.query(`INSERT INTO card_kind (code, name, applications) VALUES ($1, $2, $3)`, [
        kind.code,
        kind.name,
        JSON.stringify(kind.applications),
      ]);
      await q.query(
        `INSERT INTO card_kind_history (code, version, name, applications, active, low_stock_threshold, actor) VALUES ($1, 1, $2, $3, true, 2, 'system')`,
        [kind.code, kind.name, JSON.stringify(kind.applications)],
      );
      await writeSeedEvent<CardKindDefinedPayload>(q, {
        id: kind.eventId,
        type: CardsEvents.CardKindDefined,
        aggregateId: kind.code,
        aggregateVersion: 1,
        payload: { code: kind.code, name: kind.name, applications: kind.applications, active: true },
      });
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'a06_receipt',
      'card_holdings',
      'card_loan_reminder',
      'card_loan_unit',
      'card_loan_line',
      'card_loan',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP TABLE card_unit_history`);
    await q.query(`DROP TABLE card_unit`);
    await q.query(`DROP TABLE card_kind_history`);
    await q.query(`DROP TABLE card_kind`);
    await q.query(`DROP FUNCTION forbid_change()`);
    await q.query(`DELETE FROM outbox WHERE id = ANY($1::uuid[])`, [DEFAULT_CARD_KINDS.map((k) => k.eventId)]);
  }
}
