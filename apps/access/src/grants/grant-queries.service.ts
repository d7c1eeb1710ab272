import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AllowlistEntry, AllowlistGet, CaseAccessGet } from '@jlis/contracts';
import { CaseProjection, Clock, DomainError } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import {
  CONNECTION_SELECT,
  ConnectionRow,
  connectionView,
  LINK_SELECT,
  LinkRow,
  linkView,
} from '../connections/connections.repository';
import { GrantDecisionsService } from './grant-decisions.service';
import { GrantSet } from './grants.repository';

/** The answers built from the append-only history: a case's access on a day, and the allowlist of a day. */
@Injectable()
export class GrantQueriesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
    private readonly decisions: GrantDecisionsService,
  ) {}

  async caseAccess(req: CaseAccessGet.Request): Promise<CaseAccessGet.Response> {
    const m = this.ds.manager;
    const snapshot = await this.cases.requireVisible(req.caller, req.applicationId, m);
    const date = req.query.date ?? this.clock.todayInJapan();
    const set = await GrantSet.load(m, `g.application_id = $1`, [snapshot.id]);
    const links: LinkRow[] = await m.query(`${LINK_SELECT} WHERE l.application_id = $1 ORDER BY l.linked_at`, [
      snapshot.id,
    ]);
    const connectionIds = [
      ...new Set([
        ...links.map((l) => l.connection_id),
        ...set.grants.map((g) => g.connection_id).filter((x): x is string => !!x),
      ]),
    ];
    const registrations: ConnectionRow[] = connectionIds.length
      ? await m.query(`${CONNECTION_SELECT} WHERE c.id = ANY($1) ORDER BY c.registered_at`, [connectionIds])
      : [];
    const tasks: { completed_on: string; recorded_by: string; recorded_at: Date }[] = await m.query(
      `SELECT completed_on::text AS completed_on, recorded_by, recorded_at FROM lgwan_task WHERE application_id = $1 ORDER BY seq DESC LIMIT 1`,
      [snapshot.id],
    );
    return {
      applicationId: snapshot.id,
      date,
      grants: set.grants.filter((g) => g.created_on <= date).map((g) => set.view(g, date)),
      registrations: registrations.map(connectionView),
      links: links.map(linkView),
      lgwanTask: tasks[0]
        ? {
            completedOn: tasks[0].completed_on,
            recordedBy: tasks[0].recorded_by,
            recordedAt: new Date(tasks[0].recorded_at).toISOString(),
          }
        : null,
      history: set.history().filter((h) => h.onDate <= date),
      decisions: await this.decisions.ofCase(m, snapshot.id),
    };
  }

  async allowlist(req: AllowlistGet.Request): Promise<AllowlistGet.Response> {
    if (req.caller.role !== 'operator') throw new DomainError('FORBIDDEN', 'The allowlist is for J-LIS operators.');
    const environment = req.environment ?? 'production';
    const date = req.date ?? this.clock.todayInJapan();
    const m = this.ds.manager;
    const set = await GrantSet.load(m, `g.environment = $1 AND g.created_on <= $2`, [environment, date]);
    const active = set.grants.filter((g) => set.timeline.stateOn(g.id, date) === 'active');
    const contractorIds = [...new Set(active.map((g) => g.contractor_id).filter((x): x is string => !!x))];
    const contractors: { id: string; name: string; corporate_number: string }[] = contractorIds.length
      ? await m.query(`SELECT id, name, corporate_number FROM contractor WHERE id = ANY($1)`, [contractorIds])
      : [];
    const caseIds = [...new Set(active.map((g) => g.application_id))];
    const cases: { application_id: string; organization_code: string; verifier_name: string | null }[] = caseIds.length
      ? await m.query(
          `SELECT application_id, organization_code, snapshot->>'verifierName' AS verifier_name FROM case_snapshot WHERE application_id = ANY($1)`,
          [caseIds],
        )
      : [];
    const entries = new Map<string, AllowlistEntry>();
    for (const g of active) {
      const contractor = contractors.find((c) => c.id === g.contractor_id);
      const kase = cases.find((c) => c.application_id === g.application_id);
      const until = set.timeline.effectiveUntil(g.id);
      for (const cidr of g.cidrs) {
        const key = `${cidr}|${g.contractor_id}|${g.method}`;
        const entry = entries.get(key) ?? {
          cidr,
          environment,
          method: g.method,
          contractorId: g.contractor_id,
          contractorName: contractor?.name ?? null,
          corporateNumber: contractor?.corporate_number ?? null,
          cases: [],
          effectiveFrom: g.effective_on,
          effectiveUntil: until,
        };
        entry.cases.push({
          applicationId: g.application_id,
          organizationCode: kase?.organization_code ?? null,
          verifierName: kase?.verifier_name ?? null,
          grantId: g.id,
          effectiveOn: g.effective_on,
          effectiveUntil: until,
        });
        if (g.effective_on < entry.effectiveFrom) entry.effectiveFrom = g.effective_on;
        const ends = entry.cases.map((c) => c.effectiveUntil);
        entry.effectiveUntil = ends.includes(null) ? null : ends.sort().at(-1)!;
        entries.set(key, entry);
      }
    }
    return { environment, date, entries: [...entries.values()].sort((a, b) => a.cidr.localeCompare(b.cidr)) };
  }
}
