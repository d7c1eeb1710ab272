import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AgreementContent,
  AgreementCreate,
  AgreementGet,
  AgreementVersionView,
  AgreementView,
  DocumentsEvents,
  FileMeta,
} from '@jlis/contracts';
import {
  CaseProjection,
  Clock,
  DomainError,
  isCalendarDate,
  Outbox,
  ruleR11StartDateOnOrAfterAgreement,
  withIdempotency,
} from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { caseFor } from '../files/case-access';
import { fileMeta, FilesService, fileView, StoredFileRow } from '../files/files.service';

interface AgreementRow {
  id: string;
  application_id: string;
  version: number;
  signed_on: string;
  effective_from: string;
  file_id: string | null;
  recorded_by: string;
  recorded_at: Date;
}

const SELECT = `SELECT id, application_id, version, to_char(signed_on, 'YYYY-MM-DD') AS signed_on, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
  file_id, recorded_by, recorded_at FROM agreement`;

/** The agreement (協定書): versions appended, the latest counts; its Article 13 date gates A-11-2 start dates (R11). */
@Injectable()
export class AgreementService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly files: FilesService,
    private readonly cases: CaseProjection,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async latest(m: EntityManager, applicationId: string): Promise<AgreementRow | undefined> {
    const [row]: AgreementRow[] = await m.query(`${SELECT} WHERE application_id = $1 ORDER BY version DESC LIMIT 1`, [
      applicationId,
    ]);
    return row;
  }

  /** R11: an A-11-2 start date is on or after the latest agreement's effective date; none recorded → refused. */
  async requireStartDateAllowed(
    m: EntityManager,
    applicationId: string,
    startDate: string,
    field = 'fields.startDate',
  ): Promise<void> {
    if (!isCalendarDate(startDate))
      throw DomainError.validation([{ field, message: `${String(startDate)} is not a calendar date` }]);
    const agreement = await this.latest(m, applicationId);
    if (!agreement) {
      throw new DomainError(
        'ACCESS_START_WITHOUT_AGREEMENT',
        `協定書がまだ締結されていないため、アクセス開始日 ${startDate} を受け付けられません (R11)。協定書の取り交し後に提出してください。 / No agreement is recorded yet, so the start date ${startDate} cannot be accepted (R11); submit after the agreement is exchanged.`,
        { field, startDate },
        [{ field, message: 'no agreement recorded yet' }],
      );
    }
    ruleR11StartDateOnOrAfterAgreement(
      startDate,
      { version: agreement.version, effectiveFrom: agreement.effective_from },
      field,
    );
  }

  async create(req: AgreementCreate.Request): Promise<AgreementCreate.Response> {
    for (const field of ['signedOn', 'effectiveFrom'] as const) {
      if (!isCalendarDate(req.body[field]))
        throw DomainError.validation([{ field, message: `${String(req.body[field])} is not a calendar date` }]);
    }
    const { objectName: _ignored, ...fileForHash } = req.file ?? { objectName: '' };
    const upload = req.file ? await this.files.check(req.file) : null;
    const answer = await this.ds.transaction(async (m) => {
      const hashed = { applicationId: req.applicationId, body: req.body, file: req.file ? fileForHash : null };
      const { response } = await withIdempotency(m, req.caller, req.idempotencyKey, hashed, async () => {
        await caseFor(this.cases, req.caller, req.applicationId, m);
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('agreement:' || $1))`, [req.applicationId]);
        const file = upload ? await this.files.record(m, req.caller, upload) : null;
        const [{ id, version }]: { id: string; version: number }[] = await m.query(
          `INSERT INTO agreement (application_id, version, signed_on, effective_from, file_id, recorded_by, recorded_at)
           VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM agreement WHERE application_id = $1), $2, $3, $4, $5, $6) RETURNING id, version`,
          [
            req.applicationId,
            req.body.signedOn,
            req.body.effectiveFrom,
            file?.id ?? null,
            req.caller.sub,
            this.clock.now(),
          ],
        );
        await this.outbox.add(m, {
          type: DocumentsEvents.AgreementConcluded,
          aggregateId: req.applicationId,
          aggregateVersion: version,
          applicationId: req.applicationId,
          payload: {
            applicationId: req.applicationId,
            agreementId: id,
            version,
            signedOn: req.body.signedOn,
            effectiveFrom: req.body.effectiveFrom,
          },
        });
        return this.view(m, req.applicationId);
      });
      return response;
    });
    await this.files.dropIfUnrecorded(req.file);
    return answer;
  }

  async get(req: AgreementGet.Request): Promise<AgreementGet.Response> {
    await caseFor(this.cases, req.caller, req.applicationId, this.ds.manager, 'confidential');
    return this.view(this.ds.manager, req.applicationId);
  }

  async content(req: AgreementContent.Request): Promise<FileMeta> {
    await caseFor(this.cases, req.caller, req.applicationId, this.ds.manager, 'confidential');
    const rows: AgreementRow[] =
      req.version === 'latest'
        ? await this.ds.query(`${SELECT} WHERE application_id = $1 ORDER BY version DESC LIMIT 1`, [req.applicationId])
        : await this.ds.query(`${SELECT} WHERE application_id = $1 AND version = $2`, [
            req.applicationId,
            Number(req.version),
          ]);
    if (!rows[0]?.file_id) throw DomainError.notFound('Signed agreement file');
    return fileMeta(await this.files.byId(rows[0].file_id));
  }

  private async view(m: EntityManager, applicationId: string): Promise<AgreementView> {
    const rows: AgreementRow[] = await m.query(`${SELECT} WHERE application_id = $1 ORDER BY version DESC`, [
      applicationId,
    ]);
    if (rows.length === 0) {
      throw new DomainError(
        'NOT_FOUND',
        '協定書はまだ締結されていません。 / No agreement has been recorded for this case yet.',
        { applicationId },
      );
    }
    const versions: AgreementVersionView[] = [];
    for (const row of rows) {
      const file: StoredFileRow | null = row.file_id ? await this.files.byId(row.file_id, m) : null;
      versions.push({
        id: row.id,
        version: row.version,
        signedOn: row.signed_on,
        effectiveFrom: row.effective_from,
        file: file ? fileView(file) : null,
        contentPath: file ? `/api/v1/applications/${applicationId}/agreement/versions/${row.version}/content` : null,
        recordedBy: row.recorded_by,
        recordedAt: new Date(row.recorded_at).toISOString(),
      });
    }
    return { ...versions[0], applicationId, versions };
  }
}
