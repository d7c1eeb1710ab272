import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  AccessEvents,
  ApplicationStatus,
  CONTACT_ROLES,
  ContactSnapshot,
  ContractorPayload,
  DocumentsEvents,
  EventEnvelope,
  GrantPayload,
  IntakeEvents,
  SubmissionEventPayload,
} from '@jlis/contracts';
import { EventConsumer } from '@jlis/runtime';
import { EntityManager } from 'typeorm';
import { CaseProjector } from './case-projector';
import { CURRENT_CONTACT_SET } from './case-row';
import { CaseStore } from './case-store';

const GRANT_STATUS_AFTER: Record<string, (p: GrantPayload) => string> = {
  [AccessEvents.GrantCreated]: (p) => p.status,
  [AccessEvents.GrantEffective]: () => 'active',
  [AccessEvents.GrantSuspended]: () => 'suspended',
  [AccessEvents.GrantRevoked]: () => 'revoked',
  [AccessEvents.GrantReinstated]: () => 'active',
  [AccessEvents.GrantSuperseded]: () => 'superseded',
};

/** Why a grant event moved the case's status, in words for the timeline's status line. */
const GRANT_EVENT_WORDS: Record<string, string> = {
  [AccessEvents.GrantCreated]: '設定',
  [AccessEvents.GrantEffective]: '開始',
  [AccessEvents.GrantSuspended]: '停止',
  [AccessEvents.GrantRevoked]: '取消',
  [AccessEvents.GrantReinstated]: '再開',
  [AccessEvents.GrantSuperseded]: '変更',
};

const GRANT_STATES: readonly string[] = ['active', 'scheduled', 'superseded', 'suspended', 'revoked'];

/** Statuses the production grants may move a case from (requested has no grants yet; rejected, withdrawn, revoked are finished). */
const GRANT_DRIVEN: readonly ApplicationStatus[] = ['qualified', 'live', 'suspended'];

/**
 * The case status a case's production grants imply: live while one is active (a superseding grant keeps it
 * live), else suspended while one is suspended, else revoked; none yet (only scheduled) changes nothing.
 */
export function statusFromGrants(grantStatuses: readonly string[]): ApplicationStatus | undefined {
  if (grantStatuses.includes('active')) return 'live';
  if (grantStatuses.includes('suspended')) return 'suspended';
  if (grantStatuses.includes('revoked')) return 'revoked';
  return undefined;
}

/** An event intake itself wrote (every intake type starts `intake.`; catalogue, libs/contracts/src/events). */
export function isIntakeEvent(event: EventEnvelope): boolean {
  return event.type.startsWith('intake.');
}

function isContact(value: unknown): value is ContactSnapshot {
  const c = value as Record<string, unknown>;
  return (
    typeof c === 'object' &&
    c !== null &&
    (CONTACT_ROLES as readonly unknown[]).includes(c.role) &&
    typeof c.name === 'string' &&
    typeof c.phone === 'string' &&
    typeof c.email === 'string'
  );
}

/** What intake learns from other services: contractors, production grants (status), accepted A-11-3 (contacts), and every case event (view, timeline). */
@Injectable()
export class CaseEvents implements OnModuleInit {
  constructor(
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    private readonly projector: CaseProjector,
    private readonly store: CaseStore,
  ) {}

  onModuleInit(): void {
    this.consumer.on<ContractorPayload>(AccessEvents.ContractorRegistered, (e, m) => this.contractor(e, m), {
      projection: true,
    });
    this.consumer.on<ContractorPayload>(AccessEvents.ContractorUpdated, (e, m) => this.contractor(e, m), {
      projection: true,
    });
    for (const type of Object.keys(GRANT_STATUS_AFTER))
      this.consumer.on<GrantPayload>(type, (e, m) => this.grant(e, m));
    this.consumer.on<SubmissionEventPayload>(DocumentsEvents.SubmissionAccepted, (e, m) => this.contacts(e, m));
    // intake's own events were projected in the transaction that wrote them (CaseStore.recordEvent, the stalled-cases
    // job): bringing them back would only cost a transaction, an inbox row and a timeline insert that finds its row.
    this.consumer.onAny(
      async (e, m) => {
        await this.projector.project(m, e);
      },
      { skip: isIntakeEvent },
    );
  }

  async contractor(event: EventEnvelope<ContractorPayload>, m: EntityManager): Promise<void> {
    const p = event.payload;
    if (!p?.contractorId) return;
    await m.query(
      `INSERT INTO contractor (contractor_id, name, corporate_number, email, aggregate_version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (contractor_id) DO UPDATE SET name = EXCLUDED.name, corporate_number = EXCLUDED.corporate_number,
         email = EXCLUDED.email, aggregate_version = EXCLUDED.aggregate_version, updated_at = now()
       WHERE contractor.aggregate_version <= EXCLUDED.aggregate_version`,
      [p.contractorId, p.name ?? '', p.corporateNumber ?? null, p.email ?? null, event.aggregateVersion],
    );
  }

  async grant(event: EventEnvelope<GrantPayload>, m: EntityManager): Promise<void> {
    const p = event.payload;
    if (p?.environment !== 'production' || !p.grantId || !p.applicationId) return;
    // The payload says the grant's state after the event (a reinstated grant may still be scheduled); the type is the fallback.
    const grantStatus = GRANT_STATES.includes(p.status) ? p.status : GRANT_STATUS_AFTER[event.type](p);
    await m.query(
      `INSERT INTO production_grant (grant_id, application_id, status, aggregate_version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (grant_id) DO UPDATE SET status = EXCLUDED.status, aggregate_version = EXCLUDED.aggregate_version, updated_at = now()
       WHERE production_grant.aggregate_version <= EXCLUDED.aggregate_version`,
      [p.grantId, p.applicationId, grantStatus, event.aggregateVersion],
    );
    const row = await this.store.find(m, p.applicationId, true);
    if (!row || !GRANT_DRIVEN.includes(row.status)) return;
    const grants: { status: string }[] = await m.query(
      `SELECT status FROM production_grant WHERE application_id = $1`,
      [row.id],
    );
    const next = statusFromGrants(grants.map((g) => g.status));
    // Before go-live only going live moves the case (a grant revoked before it took effect leaves it qualified).
    if (!next || next === row.status || (row.status === 'qualified' && next !== 'live')) return;
    await m.query(`UPDATE application SET status = $2 WHERE id = $1`, [row.id, next]);
    // The grant by its approval number (people quote it), never its id.
    const grant = p.approval?.number ? `承認番号 ${p.approval.number} の` : '本番環境の';
    const reason = p.reason ?? `${grant}アクセス権の${GRANT_EVENT_WORDS[event.type] ?? '変更'}による`;
    await this.store.recordEvent(m, row.id, IntakeEvents.ApplicationStatusChanged, { reason }, event.actor);
  }

  /**
   * An accepted A-11-3 replaces the case's contacts: a new set in the history, never an overwrite. It becomes the
   * current set only if it is documents' latest A-11-3 (series, then round); a late older one joins the history only.
   */
  async contacts(event: EventEnvelope<SubmissionEventPayload>, m: EntityManager): Promise<void> {
    const p = event.payload;
    if (p?.form !== 'A-11-3' || !p.applicationId) return;
    const contacts = (Array.isArray(p.fields?.contacts) ? p.fields.contacts : []).filter(isContact);
    if (contacts.length === 0) return;
    const row = await this.store.find(m, p.applicationId, true);
    if (!row) return;
    const [seen]: unknown[] = await m.query(`SELECT 1 FROM contact WHERE submission_id = $1 LIMIT 1`, [p.submissionId]);
    if (seen) return;
    const [{ next }]: { next: number }[] = await m.query(
      `SELECT coalesce(max(set_no), 0) + 1 AS next FROM contact WHERE application_id = $1`,
      [row.id],
    );
    for (const c of contacts) {
      await m.query(
        `INSERT INTO contact (application_id, set_no, role, name, department, phone, email, source, submission_id, recorded_at, series, round)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'A-11-3', $8, $9, $10, $11)`,
        [
          row.id,
          next,
          c.role,
          c.name,
          c.department ?? null,
          c.phone,
          c.email,
          p.submissionId,
          event.occurredAt,
          p.series ?? 1,
          p.round ?? 1,
        ],
      );
    }
    const [{ current }]: { current: number }[] = await m.query(`SELECT ${CURRENT_CONTACT_SET} AS current`, [row.id]);
    if (current !== next) return;
    await this.store.recordEvent(m, row.id, IntakeEvents.ApplicationContactsChanged, {}, event.actor);
  }
}
