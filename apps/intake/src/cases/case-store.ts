import { Inject, Injectable } from '@nestjs/common';
import {
  ActionContact,
  ApplicationEventPayload,
  ApplicationSnapshot,
  ApplicationStatus,
  Caller,
  CaseChangeView,
  CaseStepView,
  CaseSummaryView,
  CaseView,
  ContactRole,
  ContactView,
  EventActor,
  EventEnvelope,
  formatReceptionNumber,
  isCaseParty,
  QualificationView,
  StepActor,
  StepCode,
  VerifierKind,
} from '@jlis/contracts';
import { DomainError, japanDate, Outbox } from '@jlis/runtime';
import { EntityManager } from 'typeorm';
import { contractorA0302Action, lgpkiTaskAction, nextActions, RecordedSteps } from './case-steps';
import { IntakeConfig } from '../intake.config';
import { CaseProjector } from './case-projector';

export interface ApplicationRow {
  id: string;
  reception_number: string;
  organization_code: string;
  organization_name: string;
  verifier_name: string;
  verifier_kinds: VerifierKind[];
  department: string;
  status: ApplicationStatus;
  contractor_id: string | null;
  wants_online_test: boolean;
  /** `YYYY-MM-DD` as read by `find` (to_char), so no time zone can shift the day. */
  test_completed_on: string | null;
  requested_at: Date;
  requested_by: string;
  version: number;
  step_state: RecordedSteps;
  steps: CaseStepView[];
  open_steps: StepCode[];
  waiting_for: StepActor[];
  /** R9 facts (absent from rows read without them). */
  via_lgpki?: boolean;
  lgwan_task_done?: boolean;
  /** Contractors an accepted A-03-2 named (absent from rows read without it). */
  a0302_contractors?: string[];
}

interface ContactRow {
  role: ContactRole;
  name: string;
  department: string | null;
  phone: string;
  email: string;
  source: string;
  recorded_at: Date;
}

/**
 * The set number of a case's current contacts ($1 = the case): the set of the latest A-11-3 by documents' order
 * (series, then round; A-1's set is 0, 0), not the last one to arrive.
 */
export const CURRENT_CONTACT_SET = `(SELECT set_no FROM contact WHERE application_id = $1 ORDER BY series DESC, round DESC, set_no DESC LIMIT 1)`;

/** The case as lists and views show it; `lgwanCenter` are the addresses the LGPKI task names (IntakeConfig). */
export function summaryOf(row: ApplicationRow, lgwanCenter: ActionContact[] = []): CaseSummaryView {
  return {
    id: row.id,
    receptionNumber: row.reception_number,
    organizationCode: row.organization_code,
    organizationName: row.organization_name,
    verifierName: row.verifier_name,
    verifierKinds: row.verifier_kinds,
    status: row.status,
    contractorId: row.contractor_id,
    wantsOnlineTest: row.wants_online_test,
    requestedAt: row.requested_at.toISOString(),
    openSteps: row.open_steps,
    waitingFor: row.waiting_for,
    nextActions: [
      ...nextActions(row.steps, row.verifier_kinds),
      ...contractorA0302Action({
        contractorId: row.contractor_id,
        a0302Contractors: row.a0302_contractors ?? [row.contractor_id ?? ''],
        a3Done: row.steps.some((s) => s.code === 'A-3' && s.status === 'done'),
        status: row.status,
      }),
      ...lgpkiTaskAction(
        { viaLgpki: row.via_lgpki ?? false, lgwanTaskDone: row.lgwan_task_done ?? false, status: row.status },
        lgwanCenter,
      ),
    ],
  };
}

/** Reads and writes the case row, its contacts and its view; the one place that emits intake's events. */
@Injectable()
export class CaseStore {
  constructor(
    private readonly outbox: Outbox,
    private readonly projector: CaseProjector,
    @Inject(IntakeConfig) private readonly config: IntakeConfig,
  ) {}

  async find(m: EntityManager, id: string, lock = false): Promise<ApplicationRow | undefined> {
    // The later test_completed_on (the text one) wins in node-postgres' row object: a date column would arrive as a
    // Date at local midnight, which a time zone can shift by a day.
    const rows: ApplicationRow[] = await m.query(
      `SELECT *, to_char(test_completed_on, 'YYYY-MM-DD') AS test_completed_on FROM application WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  /** The case for a command: locked, and NOT_FOUND for a caller who is not one of its parties. */
  async require(m: EntityManager, id: string, caller: Caller): Promise<ApplicationRow> {
    const row = await this.find(m, id, true);
    const party =
      row &&
      isCaseParty(caller, {
        applicationId: id,
        organizationCode: row.organization_code,
        contractorId: row.contractor_id,
      });
    if (!row || !party) throw DomainError.notFound('Application', id);
    return row;
  }

  /**
   * The next 受付番号 of the calendar year in Japan, taken in the A-1's transaction: the year's counter row stays locked
   * until it commits, so numbers are handed out in commit order and a rolled-back A-1 leaves no gap.
   */
  async takeReceptionNumber(m: EntityManager, now: Date): Promise<string> {
    const year = Number(japanDate(now).slice(0, 4));
    const [{ last }]: { last: number }[] = await m.query(
      `INSERT INTO reception_counter (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = reception_counter.last + 1 RETURNING last`,
      [year],
    );
    return formatReceptionNumber(year, last);
  }

  async contacts(m: EntityManager, id: string): Promise<ContactView[]> {
    const rows: ContactRow[] = await m.query(
      `SELECT role, name, department, phone, email, source, recorded_at FROM contact
       WHERE application_id = $1 AND set_no = ${CURRENT_CONTACT_SET} ORDER BY id`,
      [id],
    );
    return rows.map((r) => ({
      role: r.role,
      name: r.name,
      ...(r.department ? { department: r.department } : {}),
      phone: r.phone,
      email: r.email,
      source: r.source,
      since: r.recorded_at.toISOString(),
    }));
  }

  async snapshot(m: EntityManager, row: ApplicationRow): Promise<ApplicationSnapshot> {
    const contacts = (await this.contacts(m, row.id)).map(({ source: _s, since: _since, ...contact }) => contact);
    return {
      id: row.id,
      receptionNumber: row.reception_number,
      organizationCode: row.organization_code,
      organizationName: row.organization_name,
      verifierName: row.verifier_name,
      verifierKinds: row.verifier_kinds,
      department: row.department,
      status: row.status,
      contractorId: row.contractor_id,
      wantsOnlineTest: row.wants_online_test,
      testCompletedOn: row.test_completed_on,
      contacts,
      requestedAt: row.requested_at.toISOString(),
    };
  }

  async view(m: EntityManager, id: string): Promise<CaseView> {
    const row = await this.find(m, id);
    if (!row) throw DomainError.notFound('Application', id);
    // One after another: inside a transaction the manager has a single connection.
    const contacts = await this.contacts(m, id);
    const changes: { kind: string; at: Date; event_type: string; event_id: string; ref: string | null }[] =
      await m.query(
        `SELECT kind, at, event_type, event_id, ref FROM case_change WHERE application_id = $1 ORDER BY at, event_id`,
        [id],
      );
    const qualification: {
      decision: QualificationView['decision'];
      reason: string | null;
      decided_by: string;
      decided_at: Date;
    }[] = await m.query(
      `SELECT decision, reason, decided_by, decided_at FROM qualification WHERE application_id = $1 ORDER BY id DESC LIMIT 1`,
      [id],
    );
    const summary = summaryOf(row, this.config.lgwanCenterContacts);
    return {
      id: row.id,
      receptionNumber: row.reception_number,
      organizationCode: row.organization_code,
      organizationName: row.organization_name,
      verifierName: row.verifier_name,
      verifierKinds: row.verifier_kinds,
      department: row.department,
      status: row.status,
      contractorId: row.contractor_id,
      wantsOnlineTest: row.wants_online_test,
      testCompletedOn: row.test_completed_on,
      requestedAt: summary.requestedAt,
      qualification: qualification[0]
        ? {
            decision: qualification[0].decision,
            reason: qualification[0].reason,
            decidedAt: qualification[0].decided_at.toISOString(),
            decidedBy: qualification[0].decided_by,
          }
        : null,
      steps: row.steps,
      changes: changes.map((c): CaseChangeView => ({
        kind: c.kind,
        at: c.at.toISOString(),
        eventType: c.event_type,
        eventId: c.event_id,
        ...(c.ref ? { ref: c.ref } : {}),
      })),
      nextActions: summary.nextActions,
      contacts,
    };
  }

  /**
   * Bumps the case's version and writes one of intake's events with the whole snapshot, in the caller's
   * transaction; the case view and timeline take it at once (the consumer later finds it applied).
   */
  async recordEvent(
    m: EntityManager,
    id: string,
    type: string,
    extra: Omit<ApplicationEventPayload, 'application'> = {},
    actor?: EventActor,
  ): Promise<void> {
    const [[row]]: [ApplicationRow[], number] = await m.query(
      `UPDATE application SET version = version + 1, updated_at = now() WHERE id = $1
       RETURNING *, to_char(test_completed_on, 'YYYY-MM-DD') AS test_completed_on`,
      [id],
    );
    const payload: ApplicationEventPayload = { application: await this.snapshot(m, row), ...extra };
    const envelope = await this.outbox.add(m, {
      type,
      aggregateId: id,
      aggregateVersion: row.version,
      applicationId: id,
      payload,
      actor,
    });
    await this.projector.project(m, envelope as unknown as EventEnvelope);
  }
}
