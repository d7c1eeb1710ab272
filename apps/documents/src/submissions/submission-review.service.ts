import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationSnapshot, DocumentsEvents, SubmissionEventPayload, SubmissionReview } from '@jlis/contracts';
import {
  CaseProjection,
  Clock,
  DomainError,
  Outbox,
  R3_A3_FORMS,
  ruleR11SealConfirmed,
  ruleR3ApplicationsComplete,
} from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { AgreementService } from '../agreement/agreement.service';
import { ReferencesProjection } from '../references/references.projection';
import { reasonFields } from './form-rules';
import { refuseSubmission, submissionView } from './submission-answers';
import { SubmissionsService } from './submissions.service';
import { acceptedLatest, statusOf, SUBMISSION_SELECT, SubmissionRow } from './submissions.repository';

/** Reviewing a submission: accepted or returned with reasons, appended once, never overwritten; completed on it. */
@Injectable()
export class SubmissionReviewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly submissions: SubmissionsService,
    private readonly refs: ReferencesProjection,
    private readonly agreements: AgreementService,
    private readonly cases: CaseProjection,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async review(req: SubmissionReview.Request): Promise<SubmissionReview.Response> {
    return this.ds.transaction(async (m) => {
      const row = await this.submissions.visible(req.caller, req.submissionId, m);
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('submission:' || $1 || ':' || $2))`, [
        row.application_id,
        row.form_code,
      ]);
      const [current]: SubmissionRow[] = await m.query(`${SUBMISSION_SELECT} WHERE s.id = $1`, [row.submission_id]);
      if (statusOf(current) !== 'received') {
        throw new DomainError(
          'SUBMISSION_NOT_AWAITING_REVIEW',
          `この提出書類は既に${statusOf(current) === 'accepted' ? '受理' : '差し戻し'}済みです (審査は1回のみ記録されます)。再提出は新しい提出として審査してください。 / This submission was already ${statusOf(current)}; a review is recorded once. A new round or series is a new submission.`,
          { submissionStatus: statusOf(current) },
        );
      }
      const { decision, sealConfirmed } = req.body;
      const reasons = req.body.reasons ?? [];
      if (decision === 'returned') {
        if (reasons.length === 0)
          throw refuseSubmission(
            'RETURN_REASONS_REQUIRED',
            'Give at least one reason when returning a submission, so the applicant knows what to fix.',
            'reasons',
          );
        const allowed = reasonFields(current.form_code);
        reasons.forEach((r, i) => {
          if (r.field && !allowed.has(r.field.split(/[.[]/)[0])) {
            throw refuseSubmission(
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
        ruleR11SealConfirmed({ sealConfirmed, at: 'review' });
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
      return submissionView(after);
    });
  }

  /** done once A-03-1, A-03-3, A-03-4 (and A-03-2 when the case names a contractor) are accepted; emitted once. */
  private async completeApplications(m: EntityManager, snapshot: ApplicationSnapshot): Promise<void> {
    const [done]: unknown[] = await m.query(`SELECT 1 FROM applications_completed WHERE application_id = $1`, [
      snapshot.id,
    ]);
    if (done) return;
    const accepted = await acceptedLatest(m, snapshot.id, [...R3_A3_FORMS, 'A-03-2']);
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
}
