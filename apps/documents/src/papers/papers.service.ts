import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CaseReachCheck,
  ContractorNdaContent,
  ContractorNdaCreate,
  ContractorNdaList,
  ContractorNdaView,
  DisclosureCreate,
  DisclosureList,
  DisclosureView,
  DocumentsEvents,
  FileMeta,
  PageQuery,
  pageWindow,
  SpecDeliveryCreate,
  SpecDeliveryDelivered,
  SpecDeliveryList,
  SpecDeliveryView,
  SpecReceiptBody,
} from '@jlis/contracts';
import {
  CaseProjection,
  Clock,
  DomainError,
  isCalendarDate,
  Outbox,
  ruleR4DisclosureToContractor,
  ruleR5SpecsAsAppliedFor,
  withIdempotency,
} from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { caseFor, validPayload } from '../files/case-access';
import { fileMeta, FilesService, fileView, StoredFileRow } from '../files/files.service';
import { ReferencesProjection } from '../references/references.projection';
import { SubmissionsService } from '../submissions/submissions.service';

interface NdaRow extends StoredFileRow {
  nda_id: string;
  organization_code: string;
  contractor_id: string;
  signed_on: string;
  application_id: string;
  recorded_by: string;
  recorded_at: Date;
}
const NDA_SELECT = `SELECT n.id AS nda_id, n.organization_code, n.contractor_id, to_char(n.signed_on, 'YYYY-MM-DD') AS signed_on, n.application_id,
  n.recorded_by, n.recorded_at, f.id, f.object_name, f.sha256, f.size, f.media_type, f.filename
  FROM contractor_nda n JOIN stored_file f ON f.id = n.file_id`;

interface DeliveryRow {
  id: string;
  application_id: string;
  items: string[];
  medium: 'cd-rom' | 'email';
  carrier: string | null;
  tracking_number: string | null;
  shipped_on: string;
  recorded_by: string;
  recorded_at: Date;
  delivered_on: string | null;
}
const DELIVERY_SELECT = `SELECT d.id, d.application_id, d.items, d.medium, d.carrier, d.tracking_number, to_char(d.shipped_on, 'YYYY-MM-DD') AS shipped_on,
  d.recorded_by, d.recorded_at, to_char(r.delivered_on, 'YYYY-MM-DD') AS delivered_on
  FROM spec_delivery d LEFT JOIN spec_receipt r ON r.delivery_id = d.id`;

const ndaView = (r: NdaRow): ContractorNdaView => ({
  id: r.nda_id,
  organizationCode: r.organization_code,
  contractorId: r.contractor_id,
  signedOn: r.signed_on,
  file: fileView(r),
  recordedBy: r.recorded_by,
  recordedAt: new Date(r.recorded_at).toISOString(),
  applicationId: r.application_id,
});
const deliveryView = (r: DeliveryRow): SpecDeliveryView => ({
  id: r.id,
  applicationId: r.application_id,
  items: r.items,
  medium: r.medium,
  carrier: r.carrier,
  trackingNumber: r.tracking_number,
  shippedOn: r.shipped_on,
  recordedBy: r.recorded_by,
  recordedAt: new Date(r.recorded_at).toISOString(),
  deliveredOn: r.delivered_on,
});

/** Per-case lists are short: page them in memory. */
function paged<T>(all: T[], query: PageQuery): { items: T[]; total: number; page: number; limit: number } {
  const { skip, take, page, limit } = pageWindow(query);
  return { items: all.slice(skip, skip + take), total: all.length, page, limit };
}

/** R4 (contractor NDAs, the disclosure ledger) and R5 (spec deliveries, A-5). */
@Injectable()
export class PapersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly files: FilesService,
    private readonly cases: CaseProjection,
    private readonly refs: ReferencesProjection,
    private readonly submissions: SubmissionsService,
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
              `団体 ${snapshot.organizationCode} と受託者 ${contractorId} の守秘義務契約は ${existing.signed_on} 締結分が登録済みです (団体と受託者ごとに1件)。 / The NDA between ${snapshot.organizationCode} and this contractor (signed ${existing.signed_on}) is already on file; it is one per organisation and contractor.`,
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

  /** R4: only what an accepted A-03-2 names, to the contractor it names, with the NDA on file; kept in the ledger. */
  async disclose(req: DisclosureCreate.Request): Promise<DisclosureCreate.Response> {
    return this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(
        m,
        req.caller,
        req.idempotencyKey,
        { a: req.applicationId, b: req.body },
        async () => {
          const snapshot = await caseFor(this.cases, req.caller, req.applicationId, m);
          const { contractorId, items } = req.body;
          // Only to the contractor the case names now: a previous contractor receives nothing more (A-13 change).
          await this.refs.requireCaseContractor(m, contractorId, 'contractorId', snapshot.contractorId);
          await this.submissions.requireSpecItems(m, items, 'items');
          const a0302 = (await this.submissions.acceptedLatest(m, req.applicationId, ['A-03-2'])).get('A-03-2');
          const [nda]: { id: string }[] = await m.query(
            `SELECT id FROM contractor_nda WHERE organization_code = $1 AND contractor_id = $2`,
            [snapshot.organizationCode, contractorId],
          );
          ruleR4DisclosureToContractor({ contractorId, items, a0302, ndaOnFile: !!nda });
          const [{ id }]: { id: string }[] = await m.query(
            `INSERT INTO disclosure (application_id, organization_code, contractor_id, items, nda_id, submission_id, recorded_by, disclosed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
            [
              req.applicationId,
              snapshot.organizationCode,
              contractorId,
              items,
              nda.id,
              a0302!.submission_id,
              req.caller.sub,
              this.clock.now(),
            ],
          );
          await this.outbox.add(m, {
            type: DocumentsEvents.DisclosureRecorded,
            aggregateId: id,
            aggregateVersion: 1,
            applicationId: req.applicationId,
            payload: {
              disclosureId: id,
              applicationId: req.applicationId,
              organizationCode: snapshot.organizationCode,
              contractorId,
              items,
              ndaId: nda.id,
            },
          });
          return (await this.disclosures(m, req.applicationId, id))[0];
        },
      );
      return response;
    });
  }

  async listDisclosures(req: DisclosureList.Request): Promise<DisclosureList.Response> {
    await caseFor(this.cases, req.caller, req.applicationId, this.ds.manager);
    const all = await this.disclosures(this.ds.manager, req.applicationId);
    // A contractor sees what was disclosed to it, not what a contractor the case named before received.
    const mine = req.caller.role === 'contractor' ? all.filter((d) => d.contractorId === req.caller.contractor) : all;
    return paged(mine, req.query);
  }

  private async disclosures(m: EntityManager, applicationId: string, id?: string): Promise<DisclosureView[]> {
    const rows: {
      id: string;
      application_id: string;
      organization_code: string;
      contractor_id: string;
      items: string[];
      nda_id: string;
      submission_id: string;
      disclosed_at: Date;
      recorded_by: string;
    }[] = await m.query(
      `SELECT * FROM disclosure WHERE application_id = $1 ${id ? 'AND id = $2' : ''} ORDER BY disclosed_at`,
      id ? [applicationId, id] : [applicationId],
    );
    return rows.map((r) => ({
      id: r.id,
      applicationId: r.application_id,
      organizationCode: r.organization_code,
      contractorId: r.contractor_id,
      items: r.items,
      ndaId: r.nda_id,
      submissionId: r.submission_id,
      disclosedAt: new Date(r.disclosed_at).toISOString(),
      recordedBy: r.recorded_by,
    }));
  }

  /** R5 / A-5: only the items applied for in the accepted A-03-1, after A-03-1 and A-03-3 are accepted. */
  async deliver(req: SpecDeliveryCreate.Request): Promise<SpecDeliveryCreate.Response> {
    const b = req.body;
    if (b.medium === 'cd-rom') {
      const missing = (['carrier', 'trackingNumber', 'shippedOn'] as const).filter((f) => !b[f]);
      if (missing.length)
        throw DomainError.validation(
          missing.map((field) => ({
            field,
            message: `${field} is required when the medium is cd-rom (tracked shipment)`,
          })),
        );
    }
    if (b.shippedOn && !isCalendarDate(b.shippedOn))
      throw DomainError.validation([{ field: 'shippedOn', message: `${String(b.shippedOn)} is not a calendar date` }]);
    return this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(
        m,
        req.caller,
        req.idempotencyKey,
        { a: req.applicationId, b },
        async () => {
          await caseFor(this.cases, req.caller, req.applicationId, m);
          await this.submissions.requireSpecItems(m, b.items, 'items');
          const accepted = await this.submissions.acceptedLatest(m, req.applicationId, ['A-03-1', 'A-03-3']);
          ruleR5SpecsAsAppliedFor(b.items, accepted);
          const shippedOn = b.shippedOn ?? this.clock.todayInJapan();
          const [{ id }]: { id: string }[] = await m.query(
            `INSERT INTO spec_delivery (application_id, items, medium, carrier, tracking_number, shipped_on, recorded_by, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
            [
              req.applicationId,
              b.items,
              b.medium,
              b.carrier ?? null,
              b.trackingNumber ?? null,
              shippedOn,
              req.caller.sub,
              this.clock.now(),
            ],
          );
          await this.outbox.add(m, {
            type: DocumentsEvents.SpecDelivered,
            aggregateId: id,
            aggregateVersion: 1,
            applicationId: req.applicationId,
            payload: {
              deliveryId: id,
              applicationId: req.applicationId,
              items: b.items,
              medium: b.medium,
              ...(b.carrier ? { carrier: b.carrier } : {}),
              ...(b.trackingNumber ? { trackingNumber: b.trackingNumber } : {}),
              shippedOn,
            },
          });
          const [row]: DeliveryRow[] = await m.query(`${DELIVERY_SELECT} WHERE d.id = $1`, [id]);
          return deliveryView(row);
        },
      );
      return response;
    });
  }

  async listDeliveries(req: SpecDeliveryList.Request): Promise<SpecDeliveryList.Response> {
    await caseFor(this.cases, req.caller, req.applicationId, this.ds.manager, 'confidential');
    const rows: DeliveryRow[] = await this.ds.query(
      `${DELIVERY_SELECT} WHERE d.application_id = $1 ORDER BY d.recorded_at`,
      [req.applicationId],
    );
    return paged(rows.map(deliveryView), req.query);
  }

  async delivered(req: SpecDeliveryDelivered.Request): Promise<SpecDeliveryDelivered.Response> {
    return this.ds.transaction(async (m) => {
      const [row]: DeliveryRow[] = await m.query(`${DELIVERY_SELECT} WHERE d.id = $1 FOR UPDATE OF d`, [
        req.deliveryId,
      ]);
      if (!row) throw DomainError.notFound('Spec delivery', req.deliveryId);
      await caseFor(this.cases, req.caller, row.application_id, m).catch(() => {
        throw DomainError.notFound('Spec delivery', req.deliveryId);
      });
      // Validated after the object-level check: another party learns nothing from a malformed body.
      const body = await validPayload(SpecReceiptBody, req.body);
      if (!isCalendarDate(body.deliveredOn))
        throw DomainError.validation([
          { field: 'deliveredOn', message: `${String(body.deliveredOn)} is not a calendar date` },
        ]);
      if (row.delivered_on) {
        throw new DomainError(
          'SPEC_ALREADY_RECEIVED',
          `この送付は ${row.delivered_on} に受領済みとして記録されています。 / This delivery was already recorded as received on ${row.delivered_on}.`,
        );
      }
      if (body.deliveredOn < row.shipped_on) {
        throw DomainError.validation([
          { field: 'deliveredOn', message: `must be on or after the shipping date ${row.shipped_on}` },
        ]);
      }
      await m.query(
        `INSERT INTO spec_receipt (delivery_id, delivered_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)`,
        [row.id, body.deliveredOn, req.caller.sub, this.clock.now()],
      );
      await this.outbox.add(m, {
        type: DocumentsEvents.SpecReceived,
        aggregateId: row.id,
        aggregateVersion: 2,
        applicationId: row.application_id,
        payload: { deliveryId: row.id, applicationId: row.application_id, deliveredOn: body.deliveredOn },
      });
      return deliveryView({ ...row, delivered_on: body.deliveredOn });
    });
  }
}
