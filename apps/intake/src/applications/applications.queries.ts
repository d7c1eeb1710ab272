import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApplicationContacts,
  ApplicationGet,
  ContactRole,
  ContactSetView,
  ApplicationList,
  ApplicationParties,
  ApplicationTimeline,
  CaseView,
  isCaseParty,
  pageWindow,
  parseReceptionNumber,
  TimelineEntryView,
} from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { ApplicationRow, summaryOf } from '../cases/case-row';
import { CaseStore } from '../cases/case-store';
import { IntakeConfig } from '../intake.config';

/** Reads of cases: parties, the case view, lists (indexed filters), the timeline. */
@Injectable()
export class ApplicationsQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: CaseStore,
    @Inject(IntakeConfig) private readonly config: IntakeConfig,
  ) {}

  /** Who the parties are (the gateway's @CaseRoute guard). A caller who is not one gets NOT_FOUND too. */
  async parties(req: ApplicationParties.Request): Promise<ApplicationParties.Response> {
    const [row]: Pick<ApplicationRow, 'organization_code' | 'contractor_id'>[] = await this.dataSource.query(
      `SELECT organization_code, contractor_id FROM application WHERE id = $1`,
      [req.applicationId],
    );
    const parties = row && {
      applicationId: req.applicationId,
      organizationCode: row.organization_code,
      contractorId: row.contractor_id,
    };
    if (!parties || !isCaseParty(req.caller, parties)) throw DomainError.notFound('Application', req.applicationId);
    return parties;
  }

  /** The parties are on the row the view reads: one statement checks and reads (no separate parties query). */
  get(req: ApplicationGet.Request): Promise<CaseView> {
    return this.store.view(this.dataSource.manager, req.applicationId, req.caller);
  }

  async list(req: ApplicationList.Request): Promise<ApplicationList.Response> {
    const { caller, query } = req;
    const { skip, take, page, limit } = pageWindow(query);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    // What the caller may see comes first; filters only narrow it.
    if (caller.role === 'applicant') add((p) => `organization_code = ${p}`, caller.org ?? '');
    if (caller.role === 'contractor') add((p) => `contractor_id = ${p}`, caller.contractor ?? '');
    if (query.status) add((p) => `status = ${p}`, query.status);
    if (query.organizationCode) add((p) => `organization_code = ${p}`, query.organizationCode);
    if (query.contractorId) add((p) => `contractor_id = ${p}`, query.contractorId);
    if (query.step) add((p) => `open_steps @> ARRAY[${p}]::text[]`, query.step);
    if (query.waitingFor) add((p) => `waiting_for @> ARRAY[${p}]::text[]`, query.waitingFor);
    const q = query.q?.trim();
    const receptionNumber = q ? parseReceptionNumber(q) : undefined;
    if (receptionNumber) add((p) => `reception_number = ${p}`, receptionNumber);
    else if (q && /^\d+$/.test(q)) add((p) => `organization_code LIKE ${p}`, `${q}%`);
    else if (q)
      add(
        (p) => `(organization_name ILIKE ${p} OR verifier_name ILIKE ${p})`,
        `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      );
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM application ${clause}`, params);
    const rows: ApplicationRow[] = await this.dataSource.query(
      `SELECT id, reception_number, organization_code, organization_name, verifier_name, verifier_kinds, status, contractor_id, wants_online_test,
              requested_at, steps, open_steps, waiting_for, via_lgpki, lgwan_task_done, a0302_contractors
       FROM application ${clause} ORDER BY requested_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, take, skip],
    );
    return { items: rows.map((r) => summaryOf(r, this.config.lgwanCenterContacts)), total, page, limit };
  }

  async contacts(req: ApplicationContacts.Request): Promise<ApplicationContacts.Response> {
    await this.parties(req);
    const rows: {
      set_no: number;
      source: string;
      submission_id: string | null;
      recorded_at: Date;
      role: ContactRole;
      name: string;
      department: string | null;
      phone: string;
      email: string;
    }[] = await this.dataSource.query(
      `SELECT set_no, source, submission_id, recorded_at, role, name, department, phone, email FROM contact
         WHERE application_id = $1 ORDER BY series DESC, round DESC, set_no DESC, id`,
      [req.applicationId],
    );
    const sets = new Map<number, ContactSetView>();
    for (const r of rows) {
      const set = sets.get(r.set_no) ?? {
        set: r.set_no,
        source: r.source,
        since: r.recorded_at.toISOString(),
        submissionId: r.submission_id,
        contacts: [],
      };
      set.contacts.push({
        role: r.role,
        name: r.name,
        ...(r.department ? { department: r.department } : {}),
        phone: r.phone,
        email: r.email,
      });
      sets.set(r.set_no, set);
    }
    const items = [...sets.values()];
    return { items, total: items.length, page: 1, limit: items.length };
  }

  async timeline(req: ApplicationTimeline.Request): Promise<ApplicationTimeline.Response> {
    await this.parties(req);
    const page = req.query.page ?? 1;
    const limit = req.query.limit ?? 200;
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM case_timeline WHERE application_id = $1`,
      [req.applicationId],
    );
    const rows: {
      event_id: string;
      type: string;
      occurred_at: Date;
      actor_sub: string;
      actor_role: string;
      summary: string;
      steps: string[];
    }[] = await this.dataSource.query(
      `SELECT event_id, type, occurred_at, actor_sub, actor_role, summary, steps FROM case_timeline
         WHERE application_id = $1 ORDER BY occurred_at, seq LIMIT $2 OFFSET $3`,
      [req.applicationId, limit, (page - 1) * limit],
    );
    const items = rows.map((r): TimelineEntryView => ({
      eventId: r.event_id,
      type: r.type,
      at: r.occurred_at.toISOString(),
      actor: { sub: r.actor_sub, role: r.actor_role },
      summary: r.summary,
      steps: r.steps,
    }));
    return { items, total, page, limit };
  }
}
