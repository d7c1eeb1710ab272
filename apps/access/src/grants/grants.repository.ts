import { AccessEnvironment, GrantHistoryEntry, GrantView } from '@jlis/contracts';
import { EntityManager } from 'typeorm';
import { ActionFact, GrantFact, GrantTimeline } from './grant-state';

export interface GrantRow {
  id: string;
  application_id: string;
  environment: AccessEnvironment;
  connection_id: string | null;
  contractor_id: string | null;
  method: string | null;
  cidrs: string[];
  via_lgpki: boolean;
  submission_id: string | null;
  created_on: string;
  effective_on: string;
  approval_number: string;
  approved_on: string;
  approver: string;
  override_reason: string | null;
  units_out_at_grant: number;
  supersedes: string | null;
  change_kind: string | null;
  granted_by: string;
  granted_at: Date;
  decision_id: string | null;
}

export interface LogRow {
  seq: string;
  grant_id: string;
  kind: GrantHistoryEntry['kind'];
  on_date: string;
  at: Date;
  actor: string;
  reason: string | null;
}

/** Dates come back as YYYY-MM-DD strings (the access data source sets no date parsing; we cast in SQL). */
export const GRANT_SELECT = `SELECT g.*, g.created_on::text AS created_on, g.effective_on::text AS effective_on, g.approved_on::text AS approved_on FROM access_grant g`;
export const LOG_SELECT = `SELECT l.seq, l.grant_id, l.kind, l.on_date::text AS on_date, l.at, l.actor, l.reason FROM grant_log l`;

/** The grants of some scope with their append-only log, and the timeline that answers states by day. */
export class GrantSet {
  readonly timeline: GrantTimeline;
  constructor(
    readonly grants: GrantRow[],
    readonly logs: LogRow[],
  ) {
    const facts: GrantFact[] = grants.map((g) => ({
      id: g.id,
      createdOn: g.created_on,
      effectiveOn: g.effective_on,
      supersedes: g.supersedes,
    }));
    const actions: ActionFact[] = logs
      .filter((l) => l.kind === 'suspended' || l.kind === 'revoked' || l.kind === 'reinstated')
      .map((l) => ({ grantId: l.grant_id, kind: l.kind as ActionFact['kind'], onDate: l.on_date, seq: Number(l.seq) }));
    this.timeline = new GrantTimeline(facts, actions);
  }

  static async load(m: EntityManager, where: string, params: unknown[]): Promise<GrantSet> {
    const grants: GrantRow[] = await m.query(`${GRANT_SELECT} WHERE ${where} ORDER BY g.seq`, params);
    const logs: LogRow[] = grants.length
      ? await m.query(`${LOG_SELECT} WHERE l.grant_id = ANY($1) ORDER BY l.seq`, [grants.map((g) => g.id)])
      : [];
    return new GrantSet(grants, logs);
  }

  view(g: GrantRow, date: string): GrantView {
    return {
      id: g.id,
      applicationId: g.application_id,
      environment: g.environment,
      status: this.timeline.stateOn(g.id, date) ?? 'scheduled',
      effectiveOn: g.effective_on,
      effectiveUntil: this.timeline.effectiveUntil(g.id),
      contractorId: g.contractor_id,
      connectionId: g.connection_id,
      method: g.method,
      cidrs: g.cidrs,
      submissionId: g.submission_id,
      approval: { number: g.approval_number, approvedOn: g.approved_on, approver: g.approver },
      supersedes: g.supersedes,
      supersededBy: this.timeline.successorOf(g.id)?.id ?? null,
      changeKind: g.change_kind,
      overrideReason: g.override_reason,
      grantedBy: g.granted_by,
      grantedAt: new Date(g.granted_at).toISOString(),
      decisionId: g.decision_id,
    };
  }

  history(): GrantHistoryEntry[] {
    return this.logs.map((l) => ({
      grantId: l.grant_id,
      kind: l.kind,
      onDate: l.on_date,
      at: new Date(l.at).toISOString(),
      actor: l.actor,
      reason: l.reason,
    }));
  }

  /** The production grant a new A-11-2 grant replaces: the newest one not revoked (the head of the chain). */
  head(environment: AccessEnvironment, today: string): GrantRow | undefined {
    const live = (id: string) => {
      const state = this.timeline.stateOn(id, today);
      return state === 'active' || state === 'scheduled' || state === 'suspended';
    };
    const candidates = this.grants.filter((g) => g.environment === environment && live(g.id));
    return candidates.find((g) => {
      const next = this.timeline.successorOf(g.id);
      return !next || !live(next.id);
    });
  }
}
