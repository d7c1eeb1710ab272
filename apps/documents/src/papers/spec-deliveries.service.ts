import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DocumentsEvents,
  SpecDeliveryCreate,
  SpecDeliveryDelivered,
  SpecDeliveryList,
  SpecReceiptBody,
} from '@jlis/contracts';
import {
  CaseProjection,
  Clock,
  DomainError,
  isCalendarDate,
  Outbox,
  ruleR5SpecsAsAppliedFor,
  withIdempotency,
} from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { caseFor, validPayload } from '../files/case-access';
import { SubmissionReferences } from '../submissions/submission-references';
import { SubmissionsService } from '../submissions/submissions.service';
import { DELIVERY_SELECT, DeliveryRow, deliveryView, paged } from './papers.repository';

/** R5: specs sent as applied for in A-03-1, by CD-ROM (tracked) or e-mail, and their receipt. */
@Injectable()
export class SpecDeliveriesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseProjection,
    private readonly references: SubmissionReferences,
    private readonly submissions: SubmissionsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

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
          await this.references.requireSpecItems(m, b.items, 'items');
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
