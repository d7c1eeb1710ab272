import type { EntityManager } from 'typeorm';

export interface AcceptedSubmissionRow {
  submission_id: string;
  form: string;
  fields: Record<string, unknown>;
  seal_confirmed: boolean | null;
  accepted_at: Date;
}

export interface AgreementRow {
  effective_from: string;
  version: number;
  /** The id documents gave this version (each version has its own, decision 141). */
  agreement_id: string;
}

/**
 * "The latest" of what access keeps from documents, by documents' own order — never by arrival, so any delivery
 * order of its events gives the same answer.
 */
export const Projections = {
  /** A form's latest acceptance for a case: the highest series, then round (a later A-13 change wins). */
  async latestAccepted(
    m: EntityManager,
    applicationId: string,
    form: string,
  ): Promise<AcceptedSubmissionRow | undefined> {
    const rows: AcceptedSubmissionRow[] = await m.query(
      `SELECT submission_id, form, fields, seal_confirmed, accepted_at FROM accepted_submission
        WHERE application_id = $1 AND form = $2 ORDER BY series DESC, round DESC, seq DESC LIMIT 1`,
      [applicationId, form],
    );
    return rows[0];
  },

  /** The latest acceptance of each of `forms` a case has (forms without one are missing). */
  async latestAcceptedByForm(
    m: EntityManager,
    applicationId: string,
    forms: readonly string[],
  ): Promise<{ form: string; submission_id: string }[]> {
    return m.query(
      `SELECT DISTINCT ON (form) form, submission_id FROM accepted_submission WHERE application_id = $1 AND form = ANY($2)
        ORDER BY form, series DESC, round DESC, seq DESC`,
      [applicationId, [...forms]],
    );
  },

  /** The agreement as it stands: documents' highest version for the case (R11: the latest version counts). */
  async currentAgreement(m: EntityManager, applicationId: string): Promise<AgreementRow | undefined> {
    const rows: AgreementRow[] = await m.query(
      `SELECT effective_from::text AS effective_from, version, agreement_id FROM agreement_version
        WHERE application_id = $1 ORDER BY version DESC LIMIT 1`,
      [applicationId],
    );
    return rows[0];
  },
};
