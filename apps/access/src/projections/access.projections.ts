import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  AccessEvents,
  AgreementConcludedPayload,
  CardsEvents,
  DocumentsEvents,
  EventEnvelope,
  HoldingsChangedPayload,
  SubmissionEventPayload,
} from '@jlis/contracts';
import { Clock, EventConsumer, Outbox, R12_A11_FORMS } from '@jlis/runtime';
import { EntityManager } from 'typeorm';
import { insertLink } from '../connections/connections.repository';
import { Projections } from './projections.repository';

/** The four A-11 papers (R12). */
/** The A-11 documents production access stands on: R12's list, one list. */
export const A11_FORMS = R12_A11_FORMS;
const KEPT_FORMS = new Set(['A-03-4', 'A-08-1', ...A11_FORMS]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What access keeps of other services' facts: accepted submissions (A-03-4, A-08-1, A-11-*), the
 * agreement's versions, and how many lent cards a case holds. Each write commits with the inbox row,
 * so a redelivered event changes nothing. "The latest" of each is decided by its owner's order — a
 * submission's series and round, the agreement's version, the holdings' aggregate version — never by
 * arrival, so any delivery order leaves the same state.
 */
@Injectable()
export class AccessProjections implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.consumer.on<SubmissionEventPayload>(DocumentsEvents.SubmissionAccepted, (e, m) => this.accepted(e, m));
    this.consumer.on<AgreementConcludedPayload>(DocumentsEvents.AgreementConcluded, (e, m) => this.agreement(e, m));
    this.consumer.on<HoldingsChangedPayload>(CardsEvents.HoldingsChanged, (e, m) => this.holdings(e, m));
  }

  async accepted(event: EventEnvelope<SubmissionEventPayload>, m: EntityManager): Promise<void> {
    const p = event.payload;
    if (!KEPT_FORMS.has(p.form)) return;
    const fresh: unknown[] = await m.query(
      `INSERT INTO accepted_submission (submission_id, application_id, form, series, round, fields, seal_confirmed, supersedes, accepted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (submission_id) DO NOTHING RETURNING submission_id`,
      [
        p.submissionId,
        p.applicationId,
        p.form,
        p.series ?? 1,
        p.round ?? 1,
        JSON.stringify(p.fields ?? {}),
        p.sealConfirmed ?? null,
        p.supersedes ?? null,
        event.occurredAt,
      ],
    );
    if (!fresh.length) return;
    const connectionId =
      typeof p.fields?.connectionId === 'string' && UUID.test(p.fields.connectionId) ? p.fields.connectionId : null;
    if ((p.form === 'A-08-1' || p.form === 'A-11-2') && connectionId) {
      const environment = p.form === 'A-08-1' ? 'test' : 'production';
      const ok: unknown[] = await m.query(
        `SELECT 1 FROM connection c WHERE c.id = $1 AND c.environment = $2 AND NOT EXISTS (SELECT 1 FROM connection_withdrawal w WHERE w.connection_id = c.id)`,
        [connectionId, environment],
      );
      // A reference to an unknown or withdrawn registration is kept in the submission; the grant explains it.
      if (ok.length) {
        await insertLink(m, this.clock, {
          applicationId: p.applicationId,
          connectionId,
          environment,
          viaLgpki: p.fields?.viaLgpki === true,
          source: p.form,
          submissionId: p.submissionId,
          actor: event.actor?.sub ?? 'system',
        });
      }
    }
    if ((A11_FORMS as readonly string[]).includes(p.form)) await this.maybeProductionReady(p.applicationId, m);
  }

  private async maybeProductionReady(applicationId: string, m: EntityManager): Promise<void> {
    const rows = await Projections.latestAcceptedByForm(m, applicationId, A11_FORMS);
    if (rows.length < A11_FORMS.length) return;
    const fresh: unknown[] = await m.query(
      `INSERT INTO production_ready (application_id, at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING application_id`,
      [applicationId, this.clock.now()],
    );
    if (!fresh.length) return;
    await this.outbox.add(m, {
      type: AccessEvents.ProductionReady,
      aggregateId: applicationId,
      aggregateVersion: 1,
      applicationId,
      payload: { applicationId, submissions: Object.fromEntries(rows.map((r) => [r.form, r.submission_id])) },
    });
  }

  async agreement(event: EventEnvelope<AgreementConcludedPayload>, m: EntityManager): Promise<void> {
    const p = event.payload;
    await m.query(
      `INSERT INTO agreement_version (agreement_id, version, application_id, signed_on, effective_from, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [p.agreementId, p.version, p.applicationId, p.signedOn, p.effectiveFrom, event.occurredAt],
    );
  }

  async holdings(event: EventEnvelope<HoldingsChangedPayload>, m: EntityManager): Promise<void> {
    const p = event.payload;
    await m.query(
      `INSERT INTO card_holding (application_id, units_out, aggregate_version) VALUES ($1, $2, $3)
       ON CONFLICT (application_id) DO UPDATE SET units_out = EXCLUDED.units_out, aggregate_version = EXCLUDED.aggregate_version
       WHERE card_holding.aggregate_version < EXCLUDED.aggregate_version`,
      [p.applicationId, p.unitsOut, event.aggregateVersion],
    );
  }
}
