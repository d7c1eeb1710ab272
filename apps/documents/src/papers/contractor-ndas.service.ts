import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CaseReachCheck,
  ContractorNdaContent,
  ContractorNdaCreate,
  ContractorNdaList,
  DocumentsEvents,
  FileMeta,
} from '@jlis/contracts';
import { CaseProjection, Clock, DomainError, isCalendarDate, Outbox, withIdempotency } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { caseFor } from '../files/case-access';
import { fileMeta, FilesService } from '../files/files.service';
import { ReferencesProjection } from '../references/references.projection';
import { NDA_SELECT, NdaRow, ndaView, paged } from './papers.repository';

/** R4: the organisation's NDA with its contractor (one per organisation and contractor), and how far a caller reaches into a case. */
@Injectable()
export class ContractorNdasService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly files: FilesService,
    private readonly cases: CaseProjection,
    private readonly refs: ReferencesProjection,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** Whether the caller reaches that far into the case (R4 cover for the contractor it names), for the gateway. */
  async reach(req: CaseReachCheck.Request): Promise<CaseReachCheck.Response> {
    await caseFor(this.cases, req.caller, req.applicationId, this.ds.manager, req.reach);
    return { reached: true };
  }

  async createNda(req: ContractorNdaCreate.Request): Promise<ContractorNdaCreate.Response> {
    if (!isCalendarDate(req.body.signedOn))
      throw DomainError.validation([
        { field: 'signedOn', message: `${String(req.body.signedOn)} is not a calendar date` },
      ]);
    const { objectName: _ignored, ...fileForHash } = req.file;
    const upload = await this.files.check(req.file);
    const answer = await this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(
        m,
        req.caller,
        req.idempotencyKey,
        { a: req.applicationId, b: req.body, f: fileForHash },
        async () => {
          const snapshot = await caseFor(this.cases, req.caller, req.applicationId, m);
          const { contractorId, signedOn } = req.body;
          await this.refs.requireCaseContractor(m, contractorId, 'contractorId', snapshot.contractorId);
          await m.query(`SELECT pg_advisory_xact_lock(hashtext('nda:' || $1 || ':' || $2))`, [
            snapshot.organizationCode,
            contractorId,
          ]);
          const [existing]: NdaRow[] = await m.query(
            `${NDA_SELECT} WHERE n.organization_code = $1 AND n.contractor_id = $2`,
            [snapshot.organizationCode, contractorId],
          );
          if (existing) {
            throw new DomainError(
              'CONTRACTOR_NDA_EXISTS',
              `団体 ${snapshot.organizationCode} とこの受託者の守秘義務契約は ${existing.signed_on} 締結分が登録済みです (団体と受託者ごとに1件)。 / The NDA between ${snapshot.organizationCode} and this contractor (signed ${existing.signed_on}) is already on file; it is one per organisation and contractor.`,
              { ndaId: existing.nda_id },
            );
          }
          const file = await this.files.record(m, req.caller, upload);
          const [{ id }]: { id: string }[] = await m.query(
            `INSERT INTO contractor_nda (organization_code, contractor_id, signed_on, file_id, application_id, recorded_by, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
            [
              snapshot.organizationCode,
              contractorId,
              signedOn,
              file.id,
              req.applicationId,
              req.caller.sub,
              this.clock.now(),
            ],
          );
          await this.outbox.add(m, {
            type: DocumentsEvents.ContractorNdaRecorded,
            aggregateId: id,
            aggregateVersion: 1,
            applicationId: req.applicationId,
            payload: {
              ndaId: id,
              organizationCode: snapshot.organizationCode,
              contractorId,
              signedOn,
              applicationId: req.applicationId,
            },
          });
          const [row]: NdaRow[] = await m.query(`${NDA_SELECT} WHERE n.id = $1`, [id]);
          return ndaView(row);
        },
      );
      return response;
    });
    await this.files.dropIfUnrecorded(req.file);
    return answer;
  }

  async listNdas(req: ContractorNdaList.Request): Promise<ContractorNdaList.Response> {
    const snapshot = await caseFor(this.cases, req.caller, req.applicationId, this.ds.manager);
    const rows: NdaRow[] = snapshot.contractorId
      ? await this.ds.query(`${NDA_SELECT} WHERE n.organization_code = $1 AND n.contractor_id = $2`, [
          snapshot.organizationCode,
          snapshot.contractorId,
        ])
      : [];
    return paged(rows.map(ndaView), req.query);
  }

  async ndaContent(req: ContractorNdaContent.Request): Promise<FileMeta> {
    const { items } = await this.listNdas({ caller: req.caller, applicationId: req.applicationId, query: {} });
    if (!items[0]) throw DomainError.notFound('Contractor NDA of this case');
    const [row]: NdaRow[] = await this.ds.query(`${NDA_SELECT} WHERE n.id = $1`, [items[0].id]);
    return fileMeta(row);
  }
}
