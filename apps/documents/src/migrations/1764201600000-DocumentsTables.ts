import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The documents schema: catalogues (forms, spec items, provision methods) with their default rows, stored
 * files, templates and their A-2 dispatch, submissions with append-only reviews, R4 NDAs and disclosures,
 * R5 deliveries, Q&A, the agreement, and projections of other services' catalogues (card kinds,
 * contractors, connections). Every history table is insert-only.
 */
export class DocumentsTables1764201600000 implements MigrationInterface {
  name = 'DocumentsTables1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE form (
      code text PRIMARY KEY,
      name_ja text NOT NULL,
      name_en text NOT NULL,
      step text NOT NULL,
      required_when text NOT NULL,
      seal_required boolean NOT NULL DEFAULT false,
      new_series_after_acceptance boolean NOT NULL DEFAULT false,
      submittable boolean NOT NULL DEFAULT true,
      sort int NOT NULL,
      active boolean NOT NULL DEFAULT true)`);
    await q.query(
      `CREATE TABLE spec_item (code text PRIMARY KEY, name_ja text NOT NULL, name_en text NOT NULL, sort int NOT NULL, active boolean NOT NULL DEFAULT true)`,
    );
    await q.query(
      `CREATE TABLE provision_method (code text PRIMARY KEY, name_ja text NOT NULL, name_en text NOT NULL, sort int NOT NULL, active boolean NOT NULL DEFAULT true)`,
    );

    await q.query(`CREATE TABLE stored_file (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      object_name text NOT NULL UNIQUE,
      sha256 char(64) NOT NULL,
      size bigint NOT NULL CHECK (size > 0),
      media_type text NOT NULL,
      filename text NOT NULL,
      uploaded_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);

    await q.query(`CREATE TABLE template (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      form_code text NOT NULL REFERENCES form(code),
      version int NOT NULL,
      file_id uuid NOT NULL REFERENCES stored_file(id),
      uploaded_by text NOT NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (form_code, version))`);
    await q.query(`CREATE TABLE template_dispatch (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL,
      form_code text NOT NULL REFERENCES form(code),
      version int NOT NULL,
      template_id uuid REFERENCES template(id),
      recipients jsonb NOT NULL,
      dispatched_at timestamptz NOT NULL,
      event_id uuid NOT NULL)`);
    await q.query(`CREATE INDEX template_dispatch_app ON template_dispatch (application_id)`);

    await q.query(`CREATE TABLE submission (
      id uuid PRIMARY KEY,
      application_id uuid NOT NULL,
      form_code text NOT NULL REFERENCES form(code),
      series int NOT NULL,
      round int NOT NULL,
      fields jsonb NOT NULL,
      file_id uuid NOT NULL REFERENCES stored_file(id),
      answers_id uuid REFERENCES submission(id),
      supersedes_id uuid REFERENCES submission(id),
      submitted_by text NOT NULL,
      submitted_at timestamptz NOT NULL,
      UNIQUE (application_id, form_code, series, round))`);
    await q.query(`CREATE TABLE submission_review (
      submission_id uuid PRIMARY KEY REFERENCES submission(id),
      decision text NOT NULL CHECK (decision IN ('accepted', 'returned')),
      reasons jsonb NOT NULL,
      seal_confirmed boolean,
      reviewed_by text NOT NULL,
      reviewed_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE applications_completed (
      application_id uuid PRIMARY KEY,
      completed_at timestamptz NOT NULL)`);

    await q.query(`CREATE TABLE contractor_nda (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_code char(6) NOT NULL,
      contractor_id uuid NOT NULL,
      signed_on date NOT NULL,
      file_id uuid NOT NULL REFERENCES stored_file(id),
      application_id uuid NOT NULL,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL,
      UNIQUE (organization_code, contractor_id))`);
    await q.query(`CREATE TABLE disclosure (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL,
      organization_code char(6) NOT NULL,
      contractor_id uuid NOT NULL,
      items text[] NOT NULL,
      nda_id uuid NOT NULL REFERENCES contractor_nda(id),
      submission_id uuid NOT NULL REFERENCES submission(id),
      recorded_by text NOT NULL,
      disclosed_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE spec_delivery (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL,
      items text[] NOT NULL,
      medium text NOT NULL CHECK (medium IN ('cd-rom', 'email')),
      carrier text,
      tracking_number text,
      shipped_on date NOT NULL,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE spec_receipt (
      delivery_id uuid PRIMARY KEY REFERENCES spec_delivery(id),
      delivered_on date NOT NULL,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE question (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      file_id uuid REFERENCES stored_file(id),
      asked_by text NOT NULL,
      asked_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE answer (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      question_id uuid NOT NULL REFERENCES question(id),
      body text NOT NULL,
      answered_by text NOT NULL,
      answered_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE agreement (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL,
      version int NOT NULL,
      signed_on date NOT NULL,
      effective_from date NOT NULL,
      file_id uuid REFERENCES stored_file(id),
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL,
      UNIQUE (application_id, version))`);

    for (const [table, column] of [
      ['disclosure', 'application_id'],
      ['spec_delivery', 'application_id'],
      ['question', 'application_id'],
      ['answer', 'question_id'],
    ]) {
      await q.query(`CREATE INDEX ${table}_${column} ON ${table} (${column})`);
    }

    // Projections of other services' catalogues, for validating references at once (architecture.md).
    await q.query(
      `CREATE TABLE card_kind_ref (code text PRIMARY KEY, name text NOT NULL, active boolean NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(
      `CREATE TABLE contractor_ref (id uuid PRIMARY KEY, name text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(`CREATE TABLE connection_ref (
      id uuid PRIMARY KEY,
      contractor_id uuid NOT NULL,
      environment text NOT NULL,
      method text NOT NULL,
      withdrawn boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now())`);

    await q.query(
      `INSERT INTO form (code, name_ja, name_en, step, required_when, seal_required, new_series_after_acceptance, submittable, sort) VALUES
       ('A-03-1', '技術仕様開示申請書', 'Spec disclosure application', 'A-3', 'always', false, false, true, 1),
       ('A-03-2', '複製申請書兼第三者開示通知書', 'Copy application / third-party disclosure notice', 'A-3', 'when the case names a system contractor (the specs go on to it)', false, false, true, 2),
       ('A-03-3', '守秘義務誓約書', 'NDA (confidentiality pledge) to J-LIS', 'A-3', 'always', false, false, true, 3),
       ('A-03-4', 'テスト環境利用申請書', 'Test-environment use application', 'A-3', 'always', false, false, true, 4),
       ('A-06', 'テスト用ICカード借用書', 'Test IC card loan receipt', 'A-6', 'before test cards are sent (again for a further loan)', false, true, true, 5),
       ('A-07', '署名検証者等Q&A様式', 'Q&A sheet', 'A-7', 'with a question, when used', false, false, false, 6),
       ('A-08-1', 'アクセス権登録申請書兼承認書(テスト環境)', 'Test access registration', 'A-8', 'for online test access, unless the contractor already registered the same connection for another local government', false, false, true, 7),
       ('A-11-1', '情報提供方式の選択通知(利用申込み)', 'Provision-method selection', 'A-11', 'production', false, false, true, 8),
       ('A-11-2', 'アクセス権登録申請書兼承認書', 'Production access registration', 'A-11', 'production, and again for every A-13 system or member change', true, true, true, 9),
       ('URL', 'URL通知書', 'URL notice', 'A-11', 'production', false, false, true, 10),
       ('A-11-3', '署名検証者側連絡先の登録・変更連絡票', 'Verifier contact registration / change', 'A-11', 'production, and on every contact change', false, true, true, 11)`,
    );
    await q.query(
      `INSERT INTO spec_item (code, name_ja, name_en, sort) VALUES
       ('server-spec', 'サーバ系技術仕様書', 'Server spec', 1),
       ('profile-spec', 'プロフィール技術仕様書', 'Profile spec', 2),
       ('client-software', '利用者クライアントソフト(テスト環境接続版)', 'Client software (test build)', 3)`,
    );
    await q.query(
      `INSERT INTO provision_method (code, name_ja, name_en, sort) VALUES
       ('crl', 'CRL提供方式', 'CRL (revocation list, updated daily)', 1),
       ('ocsp', 'OCSPレスポンダ方式', 'OCSP responder (per certificate, online)', 2)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'connection_ref',
      'contractor_ref',
      'card_kind_ref',
      'agreement',
      'answer',
      'question',
      'spec_receipt',
      'spec_delivery',
      'disclosure',
      'contractor_nda',
      'applications_completed',
      'submission_review',
      'submission',
      'template_dispatch',
      'template',
      'stored_file',
      'provision_method',
      'spec_item',
      'form',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
