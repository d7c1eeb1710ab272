import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Caller, DownloadKind, DownloadList, DownloadView, FileMeta, pageWindow } from '@jlis/contracts';
import { Clock, DomainError } from '@jlis/runtime';
import { DataSource } from 'typeorm';

/** Where the case of a download is found when the query did not say (templates belong to no case). */
const CASE_OF: Record<DownloadKind, string> = {
  template: `NULL::uuid`,
  submission: `(SELECT application_id FROM submission WHERE id::text = $3)`,
  question: `(SELECT application_id FROM question WHERE id::text = $3)`,
  'contractor-nda': `NULL::uuid`,
  agreement: `NULL::uuid`,
};

/**
 * R4, who read what: every file the documents service hands out (the gateway asks it for the file's metadata, having
 * checked nothing itself; the owning query checks the caller against the object) is recorded here as it is handed
 * out — who, when, which file, for which case — and listed for operators.
 */
@Injectable()
export class DownloadsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Records the download the query answered with `meta`, and answers `meta`. */
  async served(
    caller: Caller,
    kind: DownloadKind,
    ref: string,
    meta: FileMeta,
    applicationId: string | null = null,
  ): Promise<FileMeta> {
    await this.ds.query(
      `INSERT INTO file_download (at, kind, ref, file_id, application_id, caller_sub, caller_role, caller_name, organization_code, contractor_id)
       SELECT $1, $2, $3, f.id, coalesce($10::uuid, ${CASE_OF[kind]}), $5, $6, $7, $8, $9 FROM stored_file f WHERE f.object_name = $4 LIMIT 1`,
      [
        this.clock.now(),
        kind,
        ref,
        meta.objectName,
        caller.sub,
        caller.role,
        caller.name ?? null,
        caller.org ?? null,
        caller.contractor ?? null,
        applicationId,
      ],
    );
    return meta;
  }

  async list(req: DownloadList.Request): Promise<DownloadList.Response> {
    if (req.caller.role !== 'operator')
      throw new DomainError(
        'FORBIDDEN',
        '閲覧記録は機構の担当者のみが参照できます。 / Only J-LIS operators read the download record.',
      );
    const { skip, take, page, limit } = pageWindow(req);
    const where: string[] = [];
    const params: unknown[] = [];
    if (req.applicationId) where.push(`d.application_id = $${params.push(req.applicationId)}`);
    if (req.kind) where.push(`d.kind = $${params.push(req.kind)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.ds.query(
      `SELECT count(*)::int AS total FROM file_download d ${filter}`,
      params,
    );
    const rows: {
      id: string;
      at: Date;
      kind: DownloadKind;
      ref: string;
      filename: string;
      sha256: string;
      application_id: string | null;
      reception_number: string | null;
      caller_sub: string;
      caller_role: string;
      caller_name: string | null;
      organization_code: string | null;
      contractor_id: string | null;
    }[] = await this.ds.query(
      `SELECT d.*, f.filename, f.sha256, c.snapshot->>'receptionNumber' AS reception_number
         FROM file_download d JOIN stored_file f ON f.id = d.file_id
         LEFT JOIN case_snapshot c ON c.application_id = d.application_id
         ${filter} ORDER BY d.at DESC, d.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, take, skip],
    );
    const items: DownloadView[] = rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      kind: r.kind,
      ref: r.ref,
      filename: r.filename,
      sha256: r.sha256.trim(),
      applicationId: r.application_id,
      receptionNumber: r.reception_number,
      by: {
        sub: r.caller_sub,
        role: r.caller_role,
        name: r.caller_name,
        organizationCode: r.organization_code,
        contractorId: r.contractor_id,
      },
    }));
    return { items, total, page, limit };
  }
}
