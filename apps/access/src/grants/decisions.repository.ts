import {
  AccessDecisionKind,
  AccessDecisionView,
  AccessEnvironment,
  DecisionPayload,
  DecisionSignature,
  GrantView,
} from '@jlis/contracts';
import { EntityManager } from 'typeorm';

export interface DecisionRow {
  id: string;
  seq: string;
  application_id: string;
  environment: AccessEnvironment;
  kind: AccessDecisionKind;
  grant_id: string | null;
  submission_id: string | null;
  reason: string | null;
  override_reason: string | null;
  approvals_required: number;
  proposed_by: string;
  proposed_by_name: string;
  proposed_at: Date;
}

export interface ApprovalRow {
  decision_id: string;
  approved_by: string;
  approved_by_name: string;
  approved_at: Date;
  carried_out_grant_id: string | null;
}

/** A decision with its approvals, oldest first; carried out when an approval names the grant it made or acted on. */
export class Decision {
  constructor(
    readonly row: DecisionRow,
    readonly approvals: ApprovalRow[],
  ) {}

  get carriedOut(): ApprovalRow | undefined {
    return this.approvals.find((a) => a.carried_out_grant_id);
  }

  /** People who decided so far: the proposer and every approver. */
  get people(): number {
    return 1 + this.approvals.filter((a) => a.approved_by !== this.row.proposed_by).length;
  }

  get grantId(): string | null {
    return this.carriedOut?.carried_out_grant_id ?? this.row.grant_id;
  }

  view(grant: GrantView | null): AccessDecisionView {
    const r = this.row;
    return {
      id: r.id,
      applicationId: r.application_id,
      environment: r.environment,
      kind: r.kind,
      status: this.carriedOut ? 'approved' : 'proposed',
      grantId: this.grantId,
      submissionId: r.submission_id,
      reason: r.reason,
      overrideReason: r.override_reason,
      approvalsRequired: r.approvals_required,
      proposedBy: { name: r.proposed_by_name, at: new Date(r.proposed_at).toISOString() },
      approvedBy: this.signatures(),
      grant: this.carriedOut ? grant : null,
    };
  }

  payload(approvalNumber: string | null = null): DecisionPayload {
    const r = this.row;
    return {
      decisionId: r.id,
      applicationId: r.application_id,
      environment: r.environment,
      kind: r.kind,
      status: this.carriedOut ? 'approved' : 'proposed',
      grantId: this.grantId,
      submissionId: r.submission_id,
      reason: r.reason,
      proposedBy: { name: r.proposed_by_name, at: new Date(r.proposed_at).toISOString() },
      approvedBy: this.signatures(),
      approvalNumber,
    };
  }

  private signatures(): DecisionSignature[] {
    return this.approvals.map((a) => ({ name: a.approved_by_name, at: new Date(a.approved_at).toISOString() }));
  }
}

export const Decisions = {
  async load(m: EntityManager, where: string, params: unknown[]): Promise<Decision[]> {
    const rows: DecisionRow[] = await m.query(`SELECT * FROM access_decision d WHERE ${where} ORDER BY d.seq`, params);
    if (!rows.length) return [];
    const approvals: ApprovalRow[] = await m.query(
      `SELECT decision_id, approved_by, approved_by_name, approved_at, carried_out_grant_id
         FROM access_decision_approval WHERE decision_id = ANY($1) ORDER BY seq`,
      [rows.map((r) => r.id)],
    );
    return rows.map(
      (r) =>
        new Decision(
          r,
          approvals.filter((a) => a.decision_id === r.id),
        ),
    );
  },

  async find(m: EntityManager, id: string): Promise<Decision | undefined> {
    return (await this.load(m, 'd.id = $1', [id]))[0];
  },

  /** The open proposal of the same decision: a production grant on one A-11-2, or one action on one grant. */
  async open(
    m: EntityManager,
    applicationId: string,
    kind: AccessDecisionKind,
    on: { submissionId?: string | null; grantId?: string | null },
  ): Promise<Decision | undefined> {
    const same = await this.load(
      m,
      `d.application_id = $1 AND d.kind = $2 AND d.submission_id IS NOT DISTINCT FROM $3 AND d.grant_id IS NOT DISTINCT FROM $4`,
      [applicationId, kind, on.submissionId ?? null, on.grantId ?? null],
    );
    return same.find((d) => !d.carriedOut);
  },

  async insert(m: EntityManager, row: Omit<DecisionRow, 'seq'>): Promise<void> {
    await m.query(
      `INSERT INTO access_decision (id, application_id, environment, kind, grant_id, submission_id, reason, override_reason,
         approvals_required, proposed_by, proposed_by_name, proposed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        row.id,
        row.application_id,
        row.environment,
        row.kind,
        row.grant_id,
        row.submission_id,
        row.reason,
        row.override_reason,
        row.approvals_required,
        row.proposed_by,
        row.proposed_by_name,
        row.proposed_at,
      ],
    );
  },

  async approve(m: EntityManager, row: ApprovalRow): Promise<void> {
    await m.query(
      `INSERT INTO access_decision_approval (decision_id, approved_by, approved_by_name, approved_at, carried_out_grant_id)
       VALUES ($1, $2, $3, $4, $5)`,
      [row.decision_id, row.approved_by, row.approved_by_name, row.approved_at, row.carried_out_grant_id],
    );
  },
};
