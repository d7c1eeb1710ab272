import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApplicationSnapshot,
  Caller,
  CONTRACTOR_SUPPLIED_FORMS,
  DocumentsEvents,
  FileMeta,
  isCaseParty,
  pageWindow,
  SubmissionContent,
  SubmissionCreate,
  SubmissionEventPayload,
  SubmissionList,
  SubmissionReview,
  SubmissionStatus,
  submissionReach,
  SubmissionView,
} from '@jlis/contracts';
import {
  CaseProjection,
  Clock,
  DomainError,
  Outbox,
  R3_A3_FORMS,
  ruleR3ApplicationsComplete,
  withIdempotency,
} from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AgreementService } from '../agreement/agreement.service';
import { caseFor, contractorCovered } from '../files/case-access';
import { CheckedUpload, fileMeta, FilesService, fileView, StoredFileRow } from '../files/files.service';
import { FormsService } from '../forms/forms.service';
import { ReferencesProjection } from '../references/references.projection';
import { methodsMismatch, reasonFields, startsContractorSeries, validateFormFields } from './form-rules';

export interface SubmissionRow extends StoredFileRow {
  submission_id: string;
  application_id: string;
  form_code: string;
  series: number;
  round: number;
  fields: Record<string, unknown>;
  answers_id: string | null;
  supersedes_id: string | null;
  submitted_by: string;
  submitted_at: Date;
  decision: 'accepted' | 'returned' | null;
  reasons: { field?: string; message: string }[] | null;
  seal_confirmed: boolean | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

export const SUBMISSION_SELECT = `SELECT s.id AS submission_id, s.application_id, s.form_code, s.series, s.round, s.fields, s.answers_id, s.supersedes_id,
    s.submitted_by, s.submitted_at, r.decision, r.reasons, r.seal_confirmed, r.reviewed_by, r.reviewed_at,
    f.id, f.object_name, f.sha256, f.size, f.media_type, f.filename
  FROM submission s JOIN stored_file f ON f.id = s.file_id LEFT JOIN submission_review r ON r.submission_id = s.id`;

export function statusOf(row: Pick<SubmissionRow, 'decision'>): SubmissionStatus {
  return row.decision ?? 'received';
}

/** The case is past A-2 (qualified) and not closed. */
const OPEN_STATUSES = ['qualified', 'live', 'suspended'];

function view(row: SubmissionRow): SubmissionView {
  return {
    id: row.submission_id,
    applicationId: row.application_id,
    form: row.form_code,
    series: row.series,
    round: row.round,
    status: statusOf(row),
    fields: row.fields,
    file: fileView(row),
    answers: row.answers_id,
    supersedes: row.supersedes_id,
    submittedBy: row.submitted_by,
    submittedAt: new Date(row.submitted_at).toISOString(),
    review: row.decision
      ? {
          decision: row.decision,
          reasons: row.reasons ?? [],
          sealConfirmed: row.seal_confirmed,
          reviewedBy: row.reviewed_by!,
          reviewedAt: new Date(row.reviewed_at!).toISOString(),
        }
      : null,
    contentPath: `/api/v1/submissions/${row.submission_id}/content`,
  };
}

function refuse(
  code: ConstructorParameters<typeof DomainError>[0],
  sentence: string,
  field?: string,
  details: Record<string, unknown> = {},
): DomainError {
  return new DomainError(
    code,
    sentence,
    field ? { field, ...details } : details,
    field ? [{ field, message: sentence }] : undefined,
  );
}

/** Submissions: rounds answer returns, series follow acceptance; reviews are appended, never overwritten. */
@Injectable()
export class SubmissionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly files: FilesService,
    private readonly forms: FormsService,
    private readonly refs: ReferencesProjection,
    private readonly agreements: AgreementService,
    private readonly cases: CaseProjection,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async create(req: SubmissionCreate.Request): Promise<SubmissionCreate.Response> {
    const { objectName: _ignored, ...fileForHash } = req.file;
    const upload = await this.files.check(req.file);
    const answer = await this.ds.transaction(async (m) => {
      const body = { applicationId: req.applicationId, body: req.body, file: fileForHash };
      const { response } = await withIdempotency(m, req.caller, req.idempotencyKey, body, () =>
        this.createIn(m, req, upload),
      );
      return response;
    });
    await this.files.dropIfUnrecorded(req.file);
    return answer;
  }

  private async createIn(
    m: EntityManager,
    req: SubmissionCreate.Request,
    upload: CheckedUpload,
  ): Promise<SubmissionCreate.Response> {
    const snapshot = await caseFor(this.cases, req.caller, req.applicationId, m);
    const form = await this.forms.form(req.body.form, m);
    if (!form.submittable) {
      throw refuse(
        'FORM_NOT_SUBMITTED_HERE',
        `様式 ${form.code} は質問 (POST /applications/{id}/questions) に添付してください。 / Form ${form.code} goes with a question (POST /applications/{id}/questions), not here.`,
        'form',
      );
    }
    if (snapshot.status === 'requested') {
      throw new DomainError(
        'PRECONDITION_NOT_YET_KNOWN',
        'この案件の資格確認 (A-2) をまだ確認できていません。資格確認の後に提出してください (確認直後の場合は数秒後に再度お試しください)。 / This service has not yet seen the case qualified (A-2); submit after qualification, or try again in a moment if it was qualified just now.',
        { caseStatus: snapshot.status },
      );
    }
    if (!OPEN_STATUSES.includes(snapshot.status)) {
      throw new DomainError(
        'CASE_NOT_QUALIFIED',
        `この案件 (状態: ${snapshot.status}) では書類を提出できません。資格確認 (A-2) の後に提出してください。 / Documents are accepted once the case is qualified (A-2); this case is ${snapshot.status}.`,
        { caseStatus: snapshot.status },
      );
    }
    const fields = await validateFormFields(form.code, req.body.fields);

    await m.query(`SELECT pg_advisory_xact_lock(hashtext('submission:' || $1 || ':' || $2))`, [
      req.applicationId,
      form.code,
    ]);
    const [latest]: SubmissionRow[] = await m.query(
      `${SUBMISSION_SELECT} WHERE s.application_id = $1 AND s.form_code = $2 ORDER BY s.series DESC, s.round DESC LIMIT 1`,
      [req.applicationId, form.code],
    );
    let series = 1;
    let round = 1;
    let answers: string | null = null;
    let supersedes: string | null = null;
    if (latest && startsContractorSeries(form.code, latest, fields)) {
      // A-13 contractor change: the new contractor's A-03-2 is its own series, whatever became of the previous one's.
      series = latest.series + 1;
    } else if (latest) {
      const status = statusOf(latest);
      if (status === 'received') {
        throw new DomainError(
          'SUBMISSION_AWAITING_REVIEW',
          `様式 ${form.code} の前回の提出 (第${latest.series}系列 第${latest.round}回) が審査待ちです。審査の結果を待ってください。 / The previous ${form.code} submission is awaiting review; wait for its result.`,
          { submissionId: latest.submission_id },
        );
      }
      if (status === 'returned') {
        series = latest.series;
        round = latest.round + 1;
        answers = latest.submission_id;
        supersedes = latest.supersedes_id;
      } else if (form.new_series_after_acceptance) {
        series = latest.series + 1;
        supersedes = ['A-11-2', 'A-11-3'].includes(form.code) ? latest.submission_id : null;
      } else {
        throw new DomainError(
          'SUBMISSION_ALREADY_ACCEPTED',
          `様式 ${form.code} は受理済みです。再提出は不要です。 / ${form.code} was already accepted; it is not submitted again.`,
          { submissionId: latest.submission_id },
        );
      }
    }
    await this.checkReferences(m, form.code, fields, snapshot, series);

    const file = await this.files.record(m, req.caller, upload);
    const id = randomUUID();
    await m.query(
      `INSERT INTO submission (id, application_id, form_code, series, round, fields, file_id, answers_id, supersedes_id, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        req.applicationId,
        form.code,
        series,
        round,
        JSON.stringify(fields),
        file.id,
        answers,
        supersedes,
        req.caller.sub,
        this.clock.now(),
      ],
    );
    const [completed]: unknown[] = await m.query(`SELECT 1 FROM applications_completed WHERE application_id = $1`, [
      req.applicationId,
    ]);
    await this.outbox.add(m, {
      type: DocumentsEvents.SubmissionReceived,
      aggregateId: id,
      aggregateVersion: 1,
      applicationId: req.applicationId,
      payload: {
        submissionId: id,
        applicationId: req.applicationId,
        form: form.code,
        series,
        round,
        fields,
        supersedes,
        answers,
        afterCompletion: !!completed,
      },
    });
    return { id, form: form.code, series, round, status: 'received' };
  }

  /** Catalogue codes and references to other services' objects, checked against local rows and projections. */
  private async checkReferences(
    m: EntityManager,
    form: string,
    fields: Record<string, unknown>,
    snapshot: ApplicationSnapshot,
    series: number,
  ): Promise<void> {
    switch (form) {
      case 'A-03-1':
      case 'A-03-2': {
        await this.requireSpecItems(m, fields.items as string[], 'fields.items');
        if (form === 'A-03-2') {
          await this.refs.requireCaseContractor(
            m,
            fields.contractorId as string,
            'fields.contractorId',
            snapshot.contractorId,
          );
        }
        return;
      }
      case 'A-06':
        return this.refs.requireCardKinds(
          m,
          (fields.cards as { kind: string }[]).map((c) => c.kind),
        );
      case 'A-08-1':
        await this.refs.requireConnection(
          m,
          fields.connectionId as string,
          'fields.connectionId',
          'test',
          snapshot.contractorId,
        );
        return;
      case 'A-11-1': {
        const methods = fields.methods as Record<string, string>;
        const mismatch = methodsMismatch(methods, snapshot);
        if (mismatch.length) {
          throw new DomainError(
            'PROVISION_METHODS_MISMATCH',
            `情報提供方式は案件の検証者種別 (${snapshot.verifierKinds.join(', ')}) ごとに1つ選んでください。 / Choose one provision method per verifier kind of the case (${snapshot.verifierKinds.join(', ')}).`,
            undefined,
            mismatch,
          );
        }
        const known: { code: string }[] = await m.query(`SELECT code FROM provision_method WHERE active`);
        for (const [kind, method] of Object.entries(methods)) {
          if (!known.some((k) => k.code === method)) {
            throw refuse(
              'UNKNOWN_PROVISION_METHOD',
              `情報提供方式 ${method} はありません (${known.map((k) => k.code).join(', ')})。 / There is no provision method ${method}; use one of ${known.map((k) => k.code).join(', ')}.`,
              `fields.methods.${kind}`,
            );
          }
        }
        return;
      }
      case 'A-11-2': {
        const reason = fields.reason as string;
        if ((series === 1) !== (reason === 'initial')) {
          throw refuse(
            'CHANGE_REASON_MISMATCH',
            series === 1
              ? '最初のアクセス権登録申請の理由は initial です。 / The first production access registration has reason "initial".'
              : '受理済みの申請の後の再申請 (A-13) の理由は system-change か member-change です。 / A new registration after an accepted one (A-13) has reason "system-change" or "member-change".',
            'fields.reason',
          );
        }
        await this.refs.requireConnection(
          m,
          fields.connectionId as string,
          'fields.connectionId',
          'production',
          snapshot.contractorId,
        );
        await this.agreements.requireStartDateAllowed(m, snapshot.id, fields.startDate as string);
        return;
      }
      case 'A-11-3': {
        const contacts = fields.contacts as { role: string }[];
        if (!contacts.some((c) => c.role === 'primary')) {
          throw refuse(
            'VALIDATION_FAILED',
            '主担当 (role: primary) の連絡先を1件含めてください。 / Include one primary contact.',
            'fields.contacts',
          );
        }
        return;
      }
      default:
        return;
    }
  }

  async requireSpecItems(m: EntityManager, items: string[], field: string): Promise<void> {
    const known: { code: string }[] = await m.query(`SELECT code FROM spec_item WHERE active`);
    const codes = new Set(known.map((k) => k.code));
    items.forEach((item, i) => {
      if (!codes.has(item)) {
        throw refuse(
          'UNKNOWN_SPEC_ITEM',
          `技術仕様 ${item} はありません (${[...codes].join(', ')})。 / There is no spec item ${item}; use one of ${[...codes].join(', ')}.`,
          `${field}.${i}`,
        );
      }
    });
  }

  async list(req: SubmissionList.Request): Promise<SubmissionList.Response> {
    const m = this.ds.manager;
    const snapshot = await caseFor(this.cases, req.caller, req.applicationId, m);
    const { skip, take, page, limit } = pageWindow(req.query);
    const params: unknown[] = [req.applicationId];
    let where = `s.application_id = $1`;
    if (req.query.form) {
      params.push(req.query.form);
      where += ` AND s.form_code = $${params.length}`;
    }
    const uncovered =
      req.caller.role === 'contractor' &&
      !isCaseParty(
        req.caller,
        {
          applicationId: snapshot.id,
          organizationCode: snapshot.organizationCode,
          contractorId: snapshot.contractorId,
          contractorCovered: await contractorCovered(m, snapshot),
        },
        'confidential',
      );
    if (uncovered) {
      // The named contractor before its NDA covers the case: only the forms it supplies itself, and of the A-03-2s
      // only its own (a previous contractor's names another company and is covered by that one's NDA, R4).
      params.push(CONTRACTOR_SUPPLIED_FORMS);
      where += ` AND s.form_code = ANY($${params.length})`;
      params.push(req.caller.contractor ?? '');
      where += ` AND (s.form_code <> 'A-03-2' OR s.fields->>'contractorId' = $${params.length})`;
    }
    const [{ total }]: { total: number }[] = await this.ds.query(
      `SELECT count(*)::int AS total FROM submission s WHERE ${where}`,
      params,
    );
    const rows: SubmissionRow[] = await this.ds.query(
      `${SUBMISSION_SELECT} WHERE ${where} ORDER BY s.submitted_at, s.form_code, s.series, s.round OFFSET ${skip} LIMIT ${take}`,
      params,
    );
    return { items: rows.map(view), total, page, limit };
  }

  /** A submission the caller reaches: a party of its case, and for the named contractor one it supplies or its NDA covers. */
  private async visible(caller: Caller, id: string, m: EntityManager = this.ds.manager): Promise<SubmissionRow> {
    const [row]: SubmissionRow[] = await m.query(`${SUBMISSION_SELECT} WHERE s.id = $1`, [id]);
    if (!row) throw DomainError.notFound('Submission', id);
    // Another contractor's A-03-2 is not the caller's own input: it reaches only as far as the NDA covers (R4).
    const othersA0302 =
      caller.role === 'contractor' && row.form_code === 'A-03-2' && row.fields.contractorId !== caller.contractor;
    await caseFor(
      this.cases,
      caller,
      row.application_id,
      m,
      othersA0302 ? 'confidential' : submissionReach(row.form_code),
      () => DomainError.notFound('Submission', id),
    );
    return row;
  }

  async content(req: SubmissionContent.Request): Promise<FileMeta> {
    return fileMeta(await this.visible(req.caller, req.submissionId));
  }

  async review(req: SubmissionReview.Request): Promise<SubmissionReview.Response> {
    return this.ds.transaction(async (m) => {
      const row = await this.visible(req.caller, req.submissionId, m);
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('submission:' || $1 || ':' || $2))`, [
        row.application_id,
        row.form_code,
      ]);
      const [current]: SubmissionRow[] = await m.query(`${SUBMISSION_SELECT} WHERE s.id = $1`, [row.submission_id]);
      if (statusOf(current) !== 'received') {
        throw new DomainError(
          'SUBMISSION_NOT_AWAITING_REVIEW',
          `This submission was already ${statusOf(current)}; a review is recorded once. A new round or series is a new submission.`,
          { submissionStatus: statusOf(current) },
        );
      }
      const { decision, sealConfirmed } = req.body;
      const reasons = req.body.reasons ?? [];
      if (decision === 'returned') {
        if (reasons.length === 0)
          throw refuse(
            'RETURN_REASONS_REQUIRED',
            'Give at least one reason when returning a submission, so the applicant knows what to fix.',
            'reasons',
          );
        const allowed = reasonFields(current.form_code);
        reasons.forEach((r, i) => {
          if (r.field && !allowed.has(r.field.split(/[.[]/)[0])) {
            throw refuse(
              'RETURN_REASON_UNKNOWN_FIELD',
              `${current.form_code} has no field ${r.field}; use one of ${[...allowed].join(', ')} or leave field out.`,
              `reasons.${i}.field`,
            );
          }
        });
      } else if (current.form_code === 'A-03-2') {
        // The case may have named another contractor since: specs go on only to the contractor it names now.
        const snapshot = await this.cases.require(current.application_id, m);
        await this.refs.requireCaseContractor(
          m,
          current.fields.contractorId as string,
          'fields.contractorId',
          snapshot.contractorId,
          true,
        );
      } else if (current.form_code === 'A-08-1' || current.form_code === 'A-11-2') {
        // The case may have named another contractor since the form came in: only its connections are accepted.
        const snapshot = await this.cases.require(current.application_id, m);
        await this.refs.requireConnection(
          m,
          current.fields.connectionId as string,
          'fields.connectionId',
          current.form_code === 'A-08-1' ? 'test' : 'production',
          snapshot.contractorId,
          true,
        );
      }
      if (decision === 'accepted' && current.form_code === 'A-11-2') {
        if (sealConfirmed !== true) {
          throw refuse(
            'SUBMISSION_SEAL_NOT_CONFIRMED',
            'A-11-2 is accepted only with its official seal (役職印) confirmed: send sealConfirmed: true after checking it, or return it.',
            'sealConfirmed',
          );
        }
        await this.agreements.requireStartDateAllowed(
          m,
          current.application_id,
          current.fields.startDate as string,
          'startDate',
        );
      }
      await m.query(
        `INSERT INTO submission_review (submission_id, decision, reasons, seal_confirmed, reviewed_by, reviewed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          current.submission_id,
          decision,
          JSON.stringify(decision === 'returned' ? reasons : []),
          sealConfirmed ?? null,
          req.caller.sub,
          this.clock.now(),
        ],
      );
      const snapshot = await this.cases.require(current.application_id, m);
      const payload: SubmissionEventPayload = {
        submissionId: current.submission_id,
        applicationId: current.application_id,
        form: current.form_code,
        series: current.series,
        round: current.round,
        fields: current.fields,
        supersedes: current.supersedes_id,
        answers: current.answers_id,
        ...(decision === 'returned' ? { reasons } : {}),
        ...(current.form_code === 'A-11-2' && decision === 'accepted' ? { sealConfirmed: true } : {}),
        ...(decision === 'accepted' ? { afterGoLive: ['live', 'suspended'].includes(snapshot.status) } : {}),
      };
      await this.outbox.add(m, {
        type: decision === 'accepted' ? DocumentsEvents.SubmissionAccepted : DocumentsEvents.SubmissionReturned,
        aggregateId: current.submission_id,
        aggregateVersion: 2,
        applicationId: current.application_id,
        payload,
      });
      if (decision === 'accepted') await this.completeApplications(m, snapshot);
      const [after]: SubmissionRow[] = await m.query(`${SUBMISSION_SELECT} WHERE s.id = $1`, [current.submission_id]);
      return view(after);
    });
  }

  /** done once A-03-1, A-03-3, A-03-4 (and A-03-2 when the case names a contractor) are accepted; emitted once. */
  private async completeApplications(m: EntityManager, snapshot: ApplicationSnapshot): Promise<void> {
    const [done]: unknown[] = await m.query(`SELECT 1 FROM applications_completed WHERE application_id = $1`, [
      snapshot.id,
    ]);
    if (done) return;
    const accepted = await this.acceptedLatest(m, snapshot.id, [...R3_A3_FORMS, 'A-03-2']);
    const required = ruleR3ApplicationsComplete({ accepted, namesContractor: !!snapshot.contractorId });
    if (!required) return;
    await m.query(`INSERT INTO applications_completed (application_id, completed_at) VALUES ($1, $2)`, [
      snapshot.id,
      this.clock.now(),
    ]);
    await this.outbox.add(m, {
      type: DocumentsEvents.ApplicationsCompleted,
      aggregateId: snapshot.id,
      aggregateVersion: 1,
      applicationId: snapshot.id,
      payload: {
        applicationId: snapshot.id,
        submissions: required.map((form) => ({ form, submissionId: accepted.get(form)!.submission_id })),
      },
    });
  }

  /** The latest accepted submission of each form asked for. */
  async acceptedLatest(m: EntityManager, applicationId: string, forms: string[]): Promise<Map<string, SubmissionRow>> {
    const rows: SubmissionRow[] = await m.query(
      `${SUBMISSION_SELECT} WHERE s.application_id = $1 AND s.form_code = ANY($2) AND r.decision = 'accepted' ORDER BY s.series, s.round`,
      [applicationId, forms],
    );
    return new Map(rows.map((r) => [r.form_code, r]));
  }
}
