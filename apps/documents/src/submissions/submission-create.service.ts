import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DocumentsEvents, SubmissionCreate } from '@jlis/contracts';
import { CaseProjection, Clock, DomainError, Outbox, withIdempotency } from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { caseFor } from '../files/case-access';
import { CheckedUpload, FilesService } from '../files/files.service';
import { FormsService } from '../forms/forms.service';
import { startsContractorSeries, validateFormFields } from './form-rules';
import { refuseSubmission } from './submission-answers';
import { SubmissionReferences } from './submission-references';
import { statusOf, SUBMISSION_SELECT, SubmissionRow } from './submissions.repository';

/** The case is past A-2 (qualified) and not closed. */
const OPEN_STATUSES = ['qualified', 'live', 'suspended'];

/** A closed case's status in words, for the sentence people read. */
const CLOSED_WORDS: Record<string, string> = {
  rejected: '資格確認で不承認',
  withdrawn: '取り下げ済み',
  revoked: '取消済み',
};

/** Submitting a form: a returned one's next round, an accepted one's next series, or the first. */
@Injectable()
export class SubmissionCreateService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly files: FilesService,
    private readonly forms: FormsService,
    private readonly references: SubmissionReferences,
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
      throw refuseSubmission(
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
        `この案件は${CLOSED_WORDS[snapshot.status] ?? '受付できない状態'}のため、書類を提出できません。 / Documents are accepted once the case is qualified (A-2) and until it is closed; this case is ${snapshot.status}.`,
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
    await this.references.check(m, form.code, fields, snapshot, series);

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
}
