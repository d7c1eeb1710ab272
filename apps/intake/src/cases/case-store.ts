import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationEventPayload,
  ApplicationSnapshot,
  Caller,
  CaseView,
  ContactRole,
  ContactView,
  EventActor,
  EventEnvelope,
  formatReceptionNumber,
  isCaseParty,
} from '@jlis/contracts';
import { DomainError, japanDate, Outbox } from '@jlis/runtime';
import { EntityManager } from 'typeorm';
import { IntakeConfig } from '../intake.config';
import { CaseProjector } from './case-projector';
import { ApplicationRow, caseFieldsOf, CURRENT_CONTACT_SET } from './case-row';
import { readCaseView } from './case-view.repository';

interface ContactRow {
  role: ContactRole;
  name: string;
  department: string | null;
  phone: string;
  email: string;
  source: string;
  recorded_at: Date;
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
    return snapshotOf(row, contacts);
  }

  /** The case view (NOT_FOUND when `caller` is given and is not one of its parties): one statement, case-view.repository. */
  view(m: EntityManager, id: string, caller?: Caller): Promise<CaseView> {
    return readCaseView(m, id, this.config.lgwanCenterContacts, caller);
  }

  /**
   * Bumps the case's version and writes one of intake's events with the whole snapshot, in the caller's
   * transaction; the case view and timeline take it at once (the consumer later finds it applied). The bump also
   * reads the current contacts and locks the row the projector needs, so neither is read again (one statement, not
   * three: each round trip to Postgres costs intake more CPU than the statement, docs/benchmarks.md § Write path).
   * `set.receptionNumber`: the A-1's 受付番号, written by the same statement (it replaces the row's stand-in).
   */
  async recordEvent(
    m: EntityManager,
    id: string,
    type: string,
    extra: Omit<ApplicationEventPayload, 'application'> = {},
    actor?: EventActor,
    set: { receptionNumber?: string } = {},
  ): Promise<void> {
    const [[row]]: [(ApplicationRow & { current_contacts: SnapshotContact[] })[], number] = await m.query(
      `UPDATE application SET version = version + 1, updated_at = now(),
         reception_number = coalesce($2, reception_number) WHERE id = $1
       RETURNING *, to_char(test_completed_on, 'YYYY-MM-DD') AS test_completed_on,
         (SELECT coalesce(json_agg(json_build_object('role', role, 'name', name, 'department', department,
                   'phone', phone, 'email', email) ORDER BY id), '[]')
            FROM contact WHERE application_id = $1 AND set_no = ${CURRENT_CONTACT_SET}) AS current_contacts`,
      [id, set.receptionNumber ?? null],
    );
    const contacts = row.current_contacts.map(({ department, ...c }) => ({
      role: c.role,
      name: c.name,
      ...(department ? { department } : {}),
      phone: c.phone,
      email: c.email,
    }));
    const payload: ApplicationEventPayload = { application: snapshotOf(row, contacts), ...extra };
    const envelope = await this.outbox.add(m, {
      type,
      aggregateId: id,
      aggregateVersion: row.version,
      applicationId: id,
      payload,
      actor,
    });
    await this.projector.project(m, envelope as unknown as EventEnvelope, row);
  }
}

interface SnapshotContact {
  role: ContactRole;
  name: string;
  department: string | null;
  phone: string;
  email: string;
}

function snapshotOf(row: ApplicationRow, contacts: ApplicationSnapshot['contacts']): ApplicationSnapshot {
  return {
    ...caseFieldsOf(row),
    contacts,
    requestedAt: row.requested_at.toISOString(),
  };
}
