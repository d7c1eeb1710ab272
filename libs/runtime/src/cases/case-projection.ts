import {
  ApplicationEventPayload,
  ApplicationSnapshot,
  Caller,
  EventEnvelope,
  IntakeEvents,
  isCaseParty,
} from '@jlis/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { EventConsumer } from '../messaging/event-consumer';

/**
 * A service's local copy of the cases intake owns, kept from every `intake.application.*` event (each
 * carries the whole ApplicationSnapshot). Used for object-level checks on routes keyed by another id and
 * for preconditions (verifier kinds, the named contractor, the online-test wish) without calling intake.
 */
export class CaseProjection {
  constructor(private readonly dataSource: DataSource) {}

  register(consumer: EventConsumer): void {
    for (const type of Object.values(IntakeEvents)) {
      consumer.on<ApplicationEventPayload>(type, (event, manager) => this.apply(event, manager), { projection: true });
    }
  }

  async apply(event: EventEnvelope<ApplicationEventPayload>, manager: EntityManager): Promise<void> {
    const snapshot = event.payload.application;
    await manager.query(
      `INSERT INTO case_snapshot (application_id, organization_code, contractor_id, snapshot, aggregate_version)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (application_id) DO UPDATE
         SET organization_code = EXCLUDED.organization_code, contractor_id = EXCLUDED.contractor_id,
             snapshot = EXCLUDED.snapshot, aggregate_version = EXCLUDED.aggregate_version, updated_at = now()
       WHERE case_snapshot.aggregate_version < EXCLUDED.aggregate_version`,
      [snapshot.id, snapshot.organizationCode, snapshot.contractorId, JSON.stringify(snapshot), event.aggregateVersion],
    );
  }

  async find(
    applicationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ApplicationSnapshot | undefined> {
    const rows: { snapshot: ApplicationSnapshot }[] = await manager.query(
      `SELECT snapshot FROM case_snapshot WHERE application_id = $1`,
      [applicationId],
    );
    return rows[0]?.snapshot;
  }

  /** The case if the caller is one of its parties; otherwise NOT_FOUND (another organisation's case does not exist for it). */
  async requireVisible(caller: Caller, applicationId: string, manager?: EntityManager): Promise<ApplicationSnapshot> {
    const snapshot = await this.find(applicationId, manager);
    if (
      !snapshot ||
      !isCaseParty(caller, {
        applicationId,
        organizationCode: snapshot.organizationCode,
        contractorId: snapshot.contractorId,
      })
    ) {
      // Not in this projection yet, or naming the caller only since intake's latest event: asked again after catching up.
      throw DomainError.notFound('Application', applicationId).awaitingEvents();
    }
    return snapshot;
  }

  /** The case for a precondition; refused with PRECONDITION_NOT_YET_KNOWN while intake's event has not arrived. */
  async require(applicationId: string, manager?: EntityManager): Promise<ApplicationSnapshot> {
    const snapshot = await this.find(applicationId, manager);
    if (!snapshot) {
      throw new DomainError(
        'PRECONDITION_NOT_YET_KNOWN',
        'この案件の情報がまだ届いていません。数秒後に再度お試しください。 / This service has not yet seen the case; try again in a moment.',
        { applicationId },
      );
    }
    return snapshot;
  }
}
