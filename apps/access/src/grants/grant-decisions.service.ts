import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AccessDecisionView,
  AccessEvents,
  ApplicationSnapshot,
  Caller,
  DecisionApprove,
  DecisionList,
  GrantChange,
  GrantView,
} from '@jlis/contracts';
import { CaseProjection, Clock, DomainError, Outbox, withIdempotency } from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessConfig } from '../access.config';
import { GrantChangesService } from './grant-changes.service';
import { lockGrants, requireOpenCase, requireSecondPerson, signerName } from './grant-rules';
import { GrantWriter } from './grant-writer';
import { Decision, Decisions } from './decisions.repository';
import { GrantSet } from './grants.repository';
import { planProductionGrant } from './production-access';

const KIND_JA = {
  'production-grant': '本番環境のアクセス権設定',
  suspension: 'アクセス権の停止',
  revocation: 'アクセス権の取消',
};

/**
 * Two people for decisions that open or close the network: a production grant, a suspension and a
 * revocation are proposed by one operator and carried out when APPROVALS_REQUIRED people in all (the proposer and
 * other operators) have agreed. The rules are checked when proposed and again, under the case's lock, when carried
 * out; proposal and approvals are append-only rows with each person's name and time.
 */
@Injectable()
export class GrantDecisionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly cases: CaseProjection,
    private readonly writer: GrantWriter,
    private readonly changes: GrantChangesService,
    @Inject(AccessConfig) private readonly config: AccessConfig,
  ) {}

  /** inside the caller's transaction, with the case's production grants locked. */
  async proposeProduction(
    m: EntityManager,
    caller: Caller,
    snapshot: ApplicationSnapshot,
    overrideReason: string | undefined,
  ): Promise<AccessDecisionView> {
    const name = signerName(caller);
    // Refused now for what would refuse it later (R10–R13), so nobody is asked to approve what cannot be granted.
    const plan = await planProductionGrant(m, this.clock.todayInJapan(), snapshot, overrideReason);
    await this.refuseDuplicate(m, snapshot.id, 'production-grant', { submissionId: plan.submissionId });
    const id = randomUUID();
    await Decisions.insert(m, {
      id,
      application_id: snapshot.id,
      environment: 'production',
      kind: 'production-grant',
      grant_id: null,
      submission_id: plan.submissionId,
      reason: null,
      override_reason: overrideReason ?? null,
      approvals_required: this.config.APPROVALS_REQUIRED,
      proposed_by: caller.sub,
      proposed_by_name: name,
      proposed_at: this.clock.now(),
    });
    return this.proposed(m, caller, id);
  }

  /** POST /access-grants/{gid}/suspension|revocation. */
  async proposeChange(req: GrantChange.Request): Promise<AccessDecisionView> {
    if (req.caller.role !== 'operator')
      throw new DomainError('FORBIDDEN', 'Only J-LIS operators suspend, revoke or reinstate access.');
    if (req.action === 'reinstatement') throw new Error('a reinstatement is not a two-person decision');
    const kind = req.action;
    return this.ds.transaction(async (m) => {
      const name = signerName(req.caller);
      const target = await this.changes.lock(m, req.grantId);
      this.changes.check(target, kind);
      await this.refuseDuplicate(m, target.applicationId, kind, { grantId: target.row.id });
      const id = randomUUID();
      await Decisions.insert(m, {
        id,
        application_id: target.applicationId,
        environment: target.environment,
        kind,
        grant_id: target.row.id,
        submission_id: null,
        reason: req.body.reason,
        override_reason: null,
        approvals_required: this.config.APPROVALS_REQUIRED,
        proposed_by: req.caller.sub,
        proposed_by_name: name,
        proposed_at: this.clock.now(),
      });
      return this.proposed(m, req.caller, id);
    });
  }

  /** POST /access-decisions/{decisionId}/approval. */
  async approve(req: DecisionApprove.Request): Promise<AccessDecisionView> {
    if (req.caller.role !== 'operator') throw new DomainError('FORBIDDEN', 'Only J-LIS operators approve decisions.');
    return this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(m, req.caller, req.idempotencyKey, { approve: req.decisionId }, () =>
        this.approveIn(m, req.caller, req.decisionId),
      );
      return response;
    });
  }

  async list(req: DecisionList.Request): Promise<DecisionList.Response> {
    if (req.caller.role !== 'operator') throw new DomainError('FORBIDDEN', 'Decisions are listed for J-LIS operators.');
    const m = this.ds.manager;
    const done = `EXISTS (SELECT 1 FROM access_decision_approval a WHERE a.decision_id = d.id AND a.carried_out_grant_id IS NOT NULL)`;
    const where = (req.query.status ?? 'proposed') === 'approved' ? done : `NOT ${done}`;
    return { items: await this.views(m, await Decisions.load(m, where, [])) };
  }

  /** The decisions of one case with the grants they made or acted on (GET /applications/{id}/access). */
  async ofCase(m: EntityManager, applicationId: string): Promise<AccessDecisionView[]> {
    return this.views(m, await Decisions.load(m, 'd.application_id = $1', [applicationId]));
  }

  private async approveIn(m: EntityManager, caller: Caller, decisionId: string): Promise<AccessDecisionView> {
    const found = await Decisions.find(m, decisionId);
    if (!found) throw DomainError.notFound('Decision', decisionId);
    // One decision at a time per case and environment: the same lock as granting, so its rules see a settled state.
    await lockGrants(m, found.row.application_id, found.row.environment);
    const decision = (await Decisions.find(m, decisionId))!;
    if (decision.carriedOut) {
      throw new DomainError(
        'DECISION_ALREADY_APPROVED',
        `この${KIND_JA[decision.row.kind]}は既に承認され、実施済みです。 / This decision was already approved and carried out.`,
      );
    }
    requireSecondPerson(caller, decision.row.proposed_by);
    if (decision.approvals.some((a) => a.approved_by === caller.sub)) {
      throw new DomainError(
        'ALREADY_APPROVED_BY_YOU',
        'この決定は既に承認済みです。残りの承認は別の担当者に依頼してください。 / You already approved this decision; the remaining approvals must come from other operators.',
      );
    }
    return this.sign(m, caller, decision);
  }

  /** A new proposal: the proposer alone decides only when one person is enough (development). */
  private async proposed(m: EntityManager, caller: Caller, id: string): Promise<AccessDecisionView> {
    const decision = (await Decisions.find(m, id))!;
    await this.record(m, AccessEvents.DecisionProposed, decision);
    if (decision.row.approvals_required <= 1) return this.sign(m, caller, decision);
    return decision.view(null);
  }

  /** One more person agrees; the last one needed carries the decision out in the same transaction. */
  private async sign(m: EntityManager, caller: Caller, decision: Decision): Promise<AccessDecisionView> {
    const name = signerName(caller);
    const approval = {
      decision_id: decision.row.id,
      approved_by: caller.sub,
      approved_by_name: name,
      approved_at: this.clock.now(),
      carried_out_grant_id: null as string | null,
    };
    const agreed = new Decision(decision.row, [...decision.approvals, approval]);
    if (agreed.people < decision.row.approvals_required) {
      await Decisions.approve(m, approval);
      return agreed.view(null);
    }
    const grant = await this.carryOut(m, caller, decision);
    approval.carried_out_grant_id = grant.id;
    await Decisions.approve(m, approval);
    const done = (await Decisions.find(m, decision.row.id))!;
    await this.record(m, AccessEvents.DecisionApproved, done, grant.approval.number);
    return done.view(grant);
  }

  private async carryOut(m: EntityManager, caller: Caller, decision: Decision): Promise<GrantView> {
    const d = decision.row;
    if (d.kind === 'production-grant') {
      const snapshot = await this.cases.require(d.application_id, m);
      requireOpenCase(snapshot);
      const plan = await planProductionGrant(m, this.clock.todayInJapan(), snapshot, d.override_reason ?? undefined);
      if (plan.submissionId !== d.submission_id) {
        throw new DomainError(
          'DECISION_OUTDATED',
          '提案の後に新しい A-11-2 が受理されました。新しい A-11-2 について改めて提案してください。 / A newer A-11-2 was accepted after this proposal; propose again on it.',
        );
      }
      return this.writer.insert(m, caller, snapshot, plan, d.id);
    }
    const target = await this.changes.lock(m, d.grant_id!);
    this.changes.check(target, d.kind);
    return this.changes.apply(m, target, d.kind, d.reason ?? '', caller.sub);
  }

  private async refuseDuplicate(
    m: EntityManager,
    applicationId: string,
    kind: Decision['row']['kind'],
    on: { submissionId?: string | null; grantId?: string | null },
  ): Promise<void> {
    const open = await Decisions.open(m, applicationId, kind, on);
    if (!open) return;
    throw new DomainError(
      'DECISION_ALREADY_PROPOSED',
      `この${KIND_JA[kind]}は ${open.row.proposed_by_name} さんが提案済みで、承認を待っています。 / The same decision was already proposed by ${open.row.proposed_by_name} and waits for approval.`,
      { decisionId: open.row.id },
    );
  }

  private async record(m: EntityManager, type: string, decision: Decision, approvalNumber?: string): Promise<void> {
    await this.outbox.add(m, {
      type,
      aggregateId: decision.row.id,
      aggregateVersion: 1 + decision.approvals.length,
      applicationId: decision.row.application_id,
      payload: decision.payload(approvalNumber ?? null),
    });
  }

  private async views(m: EntityManager, decisions: Decision[]): Promise<AccessDecisionView[]> {
    const grantIds = [...new Set(decisions.map((d) => d.grantId).filter((x): x is string => !!x))];
    if (!grantIds.length) return decisions.map((d) => d.view(null));
    const today = this.clock.todayInJapan();
    const apps = [...new Set(decisions.map((d) => d.row.application_id))];
    const set = await GrantSet.load(m, `g.application_id = ANY($1)`, [apps]);
    return decisions.map((d) => {
      const row = set.grants.find((g) => g.id === d.grantId);
      return d.view(row ? set.view(row, today) : null);
    });
  }
}
