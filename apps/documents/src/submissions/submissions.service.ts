import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Caller,
  CONTRACTOR_SUPPLIED_FORMS,
  FileMeta,
  isCaseParty,
  pageWindow,
  SubmissionContent,
  SubmissionList,
  submissionReach,
} from '@jlis/contracts';
import { CaseProjection, DomainError } from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { caseFor, contractorCovered } from '../files/case-access';
import { fileMeta } from '../files/files.service';
import { submissionView } from './submission-answers';
import { acceptedLatest, SUBMISSION_SELECT, SubmissionRow } from './submissions.repository';

/**
 * Reading submissions as their parties may: the list, one submission, its file. Submitting
 * is `SubmissionCreateService`, reviewing `SubmissionReviewService`.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseProjection,
  ) {}

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
    return { items: rows.map(submissionView), total, page, limit };
  }

  /** A submission the caller reaches: a party of its case, and for the named contractor one it supplies or its NDA covers. */
  async visible(caller: Caller, id: string, m: EntityManager = this.ds.manager): Promise<SubmissionRow> {
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

  /** The latest accepted submission of each form asked for. */
  acceptedLatest(m: EntityManager, applicationId: string, forms: string[]): Promise<Map<string, SubmissionRow>> {
    return acceptedLatest(m, applicationId, forms);
  }
}
