import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApplicationEventPayload,
  DocumentsEvents,
  EventEnvelope,
  FileMeta,
  FormList,
  FormView,
  IntakeEvents,
  TemplateContent,
  TemplateCreate,
  TemplateDispatchList,
  TemplateList,
  TemplatesDispatchedPayload,
  TemplateView,
} from '@jlis/contracts';
import { CaseProjection, Clock, DomainError, EventConsumer, Outbox, withIdempotency } from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { fileMeta, FilesService, fileView, StoredFileRow } from '../files/files.service';

interface FormRow {
  code: string;
  name_ja: string;
  name_en: string;
  step: string;
  required_when: string;
  seal_required: boolean;
  new_series_after_acceptance: boolean;
  submittable: boolean;
}

interface TemplateRow extends StoredFileRow {
  template_id: string;
  form_code: string;
  version: number;
  uploaded_at: Date;
}

const TEMPLATE_SELECT = `SELECT t.id AS template_id, t.form_code, t.version, t.uploaded_at, f.id, f.object_name, f.sha256, f.size, f.media_type, f.filename
  FROM template t JOIN stored_file f ON f.id = t.file_id`;

export function templatePath(form: string, version: number): string {
  return `/api/v1/forms/${encodeURIComponent(form)}/templates/${version}/content`;
}

function templateView(row: TemplateRow): TemplateView {
  return {
    form: row.form_code,
    version: row.version,
    file: fileView(row),
    uploadedAt: new Date(row.uploaded_at).toISOString(),
    downloadPath: templatePath(row.form_code, row.version),
  };
}

/** The form catalogue, template versions and their dispatch when a case is qualified. */
@Injectable()
export class FormsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly files: FilesService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
  ) {}

  onModuleInit(): void {
    this.consumer.on<ApplicationEventPayload>(IntakeEvents.ApplicationQualified, (event, m) => this.dispatch(event, m));
  }

  async form(code: string, m: EntityManager = this.ds.manager): Promise<FormRow> {
    const [row]: FormRow[] = await m.query(`SELECT * FROM form WHERE code = $1 AND active`, [code]);
    if (!row) {
      throw new DomainError(
        'UNKNOWN_FORM',
        `様式 ${code} はありません。GET /api/v1/forms の一覧のコードを指定してください。 / There is no form ${code}; use a code from GET /api/v1/forms.`,
        { field: 'form' },
        [{ field: 'form', message: `unknown form code ${code}` }],
      );
    }
    return row;
  }

  async list(_req: FormList.Request): Promise<FormList.Response> {
    const forms: FormRow[] = await this.ds.query(`SELECT * FROM form WHERE active ORDER BY sort`);
    const latest: TemplateRow[] = await this.ds.query(
      `${TEMPLATE_SELECT} WHERE t.version = (SELECT max(version) FROM template x WHERE x.form_code = t.form_code)`,
    );
    const byForm = new Map(latest.map((t) => [t.form_code, templateView(t)]));
    const items: FormView[] = forms.map((f) => ({
      code: f.code,
      nameJa: f.name_ja,
      nameEn: f.name_en,
      step: f.step,
      requiredWhen: f.required_when,
      sealRequired: f.seal_required,
      newSeriesAfterAcceptance: f.new_series_after_acceptance,
      latestTemplate: byForm.get(f.code) ?? null,
    }));
    const map = (rows: { code: string; name_ja: string; name_en: string }[]) =>
      rows.map((r) => ({ code: r.code, nameJa: r.name_ja, nameEn: r.name_en }));
    return {
      items,
      total: items.length,
      specItems: map(await this.ds.query(`SELECT code, name_ja, name_en FROM spec_item WHERE active ORDER BY sort`)),
      provisionMethods: map(
        await this.ds.query(`SELECT code, name_ja, name_en FROM provision_method WHERE active ORDER BY sort`),
      ),
    };
  }

  async createTemplate(req: TemplateCreate.Request): Promise<TemplateCreate.Response> {
    const { objectName: _ignored, ...fileForHash } = req.file;
    const upload = await this.files.check(req.file);
    const answer = await this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(
        m,
        req.caller,
        req.idempotencyKey,
        { form: req.form, file: fileForHash },
        async () => {
          await this.form(req.form, m);
          await m.query(`SELECT pg_advisory_xact_lock(hashtext('template:' || $1))`, [req.form]);
          const file = await this.files.record(m, req.caller, upload);
          const [{ version }]: { version: number }[] = await m.query(
            `INSERT INTO template (form_code, version, file_id, uploaded_by, uploaded_at)
           VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM template WHERE form_code = $1), $2, $3, $4) RETURNING version`,
            [req.form, file.id, req.caller.sub, this.clock.now()],
          );
          const [row]: TemplateRow[] = await m.query(`${TEMPLATE_SELECT} WHERE t.form_code = $1 AND t.version = $2`, [
            req.form,
            version,
          ]);
          return templateView(row);
        },
      );
      return response;
    });
    await this.files.dropIfUnrecorded(req.file);
    return answer;
  }

  async templates(req: TemplateList.Request): Promise<TemplateList.Response> {
    await this.form(req.form);
    const rows: TemplateRow[] = await this.ds.query(
      `${TEMPLATE_SELECT} WHERE t.form_code = $1 ORDER BY t.version DESC`,
      [req.form],
    );
    return { items: rows.map(templateView), total: rows.length };
  }

  async templateContent(req: TemplateContent.Request): Promise<FileMeta> {
    await this.form(req.form);
    const rows: TemplateRow[] =
      req.version === 'latest'
        ? await this.ds.query(`${TEMPLATE_SELECT} WHERE t.form_code = $1 ORDER BY t.version DESC LIMIT 1`, [req.form])
        : await this.ds.query(`${TEMPLATE_SELECT} WHERE t.form_code = $1 AND t.version = $2`, [
            req.form,
            Number(req.version),
          ]);
    if (!rows[0]) {
      throw new DomainError(
        'TEMPLATE_NOT_FOUND',
        `様式 ${req.form} の雛形 (版 ${req.version}) はまだ登録されていません。 / Form ${req.form} has no template version ${req.version} yet.`,
      );
    }
    return fileMeta(rows[0]);
  }

  /** on qualification, records which template version of every form went to whom, and tells notifications. */
  private async dispatch(event: EventEnvelope<ApplicationEventPayload>, m: EntityManager): Promise<void> {
    const app = event.payload.application;
    const [done]: unknown[] = await m.query(`SELECT 1 FROM template_dispatch WHERE application_id = $1 LIMIT 1`, [
      app.id,
    ]);
    if (done) return;
    const forms: FormRow[] = await m.query(`SELECT * FROM form WHERE active ORDER BY sort`);
    const latest: TemplateRow[] = await m.query(
      `${TEMPLATE_SELECT} WHERE t.version = (SELECT max(version) FROM template x WHERE x.form_code = t.form_code)`,
    );
    const byForm = new Map(latest.map((t) => [t.form_code, t]));
    const recipients = app.contacts.map((c) => c.email);
    const templates: TemplatesDispatchedPayload['templates'] = [];
    const at = this.clock.now();
    for (const form of forms) {
      const t = byForm.get(form.code);
      await m.query(
        `INSERT INTO template_dispatch (application_id, form_code, version, template_id, recipients, dispatched_at, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [app.id, form.code, t?.version ?? 0, t?.template_id ?? null, JSON.stringify(recipients), at, event.id],
      );
      templates.push({
        form: form.code,
        nameJa: form.name_ja,
        version: t?.version ?? 0,
        downloadPath: t ? templatePath(form.code, t.version) : '',
      });
    }
    await this.outbox.add(m, {
      type: DocumentsEvents.TemplatesDispatched,
      aggregateId: app.id,
      aggregateVersion: 1,
      applicationId: app.id,
      payload: { applicationId: app.id, templates },
    });
  }

  async dispatches(req: TemplateDispatchList.Request): Promise<TemplateDispatchList.Response> {
    await this.cases.requireVisible(req.caller, req.applicationId);
    const rows: { form_code: string; name_ja: string; version: number; recipients: string[]; dispatched_at: Date }[] =
      await this.ds.query(
        `SELECT d.form_code, f.name_ja, d.version, d.recipients, d.dispatched_at FROM template_dispatch d JOIN form f ON f.code = d.form_code
       WHERE d.application_id = $1 ORDER BY d.dispatched_at, f.sort`,
        [req.applicationId],
      );
    const items = rows.map((r) => ({
      form: r.form_code,
      nameJa: r.name_ja,
      version: r.version,
      downloadPath: r.version > 0 ? templatePath(r.form_code, r.version) : null,
      recipients: r.recipients,
      dispatchedAt: new Date(r.dispatched_at).toISOString(),
    }));
    return { items, total: items.length };
  }
}
