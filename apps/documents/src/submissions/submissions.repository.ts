import { SubmissionStatus } from '@jlis/contracts';
import { EntityManager } from 'typeorm';
import { StoredFileRow } from '../files/files.service';

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

/** The latest accepted submission of each form asked for. */
export async function acceptedLatest(
  m: EntityManager,
  applicationId: string,
  forms: string[],
): Promise<Map<string, SubmissionRow>> {
  const rows: SubmissionRow[] = await m.query(
    `${SUBMISSION_SELECT} WHERE s.application_id = $1 AND s.form_code = ANY($2) AND r.decision = 'accepted' ORDER BY s.series, s.round`,
    [applicationId, forms],
  );
  return new Map(rows.map((r) => [r.form_code, r]));
}

/** One submission with its review, if any. */
export async function submissionById(m: EntityManager, id: string): Promise<SubmissionRow | undefined> {
  const [row]: SubmissionRow[] = await m.query(`${SUBMISSION_SELECT} WHERE s.id = $1`, [id]);
  return row;
}
