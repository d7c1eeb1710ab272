import { SubmissionView } from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';
import { fileView } from '../files/files.service';
import { statusOf, SubmissionRow } from './submissions.repository';

/** What a submission's routes answer: the submission as its parties read it. */
export function submissionView(row: SubmissionRow): SubmissionView {
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

/** A refusal of a submission request naming its field (the field error carries the same sentence). */
export function refuseSubmission(
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
