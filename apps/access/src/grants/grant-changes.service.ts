import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessEnvironment, AccessEvents, GrantAction, GrantChange, GrantStatus, GrantView } from '@jlis/contracts';
import { Clock, DomainError } from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { lockGrants } from './grant-rules';
import { GrantWriter } from './grant-writer';
import { GrantRow, GrantSet } from './grants.repository';

const ACTION_TO_KIND = { suspension: 'suspended', revocation: 'revoked', reinstatement: 'reinstated' } as const;
const ACTION_EVENT = {
  suspension: AccessEvents.GrantSuspended,
  revocation: AccessEvents.GrantRevoked,
  reinstatement: AccessEvents.GrantReinstated,
} as const;
const ALLOWED: Record<GrantAction, (GrantStatus | null)[]> = {
  suspension: ['active', 'scheduled'],
  revocation: ['active', 'scheduled', 'suspended'],
  reinstatement: ['suspended'],
};

/** A grant's state in words, Japanese and English, for the sentences people read. */
const GRANT_STATE_WORDS: Record<string, [string, string]> = {
  active: ['有効', 'active'],
  scheduled: ['開始日前', 'scheduled (not yet in effect)'],
  suspended: ['停止中', 'suspended'],
  revoked: ['取消済み', 'revoked'],
  superseded: ['変更により置き換え済み', 'superseded'],
};

const ACTION_WORDS: Record<GrantAction, [string, string]> = {
  suspension: ['停止', 'suspension'],
  revocation: ['取消', 'revocation'],
  reinstatement: ['再開', 'reinstatement'],
};

/** One grant, locked with its case's grants of its environment, and the day the action is for. */
export interface LockedGrant {
  applicationId: string;
  environment: AccessEnvironment;
  set: GrantSet;
  row: GrantRow;
  today: string;
}

/**
 * The operators' suspension, revocation and reinstatement of a grant, kept in its append-only log. Suspension and
 * revocation are carried out when two operators decided them (grant-decisions.service.ts); a reinstatement restores
 * what two operators approved and is one operator's act.
 */
@Injectable()
export class GrantChangesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly writer: GrantWriter,
  ) {}

  async reinstate(req: GrantChange.Request): Promise<GrantView> {
    if (req.caller.role !== 'operator')
      throw new DomainError('FORBIDDEN', 'Only J-LIS operators suspend, revoke or reinstate access.');
    return this.ds.transaction(async (m) => {
      const target = await this.lock(m, req.grantId);
      this.check(target, 'reinstatement');
      return this.apply(m, target, 'reinstatement', req.body.reason, req.caller.sub);
    });
  }

  /** Finds the grant and takes its case's lock, so two actions on one case's grants run one after the other. */
  async lock(m: EntityManager, grantId: string): Promise<LockedGrant> {
    const found: { application_id: string; environment: AccessEnvironment }[] = await m.query(
      `SELECT application_id, environment FROM access_grant WHERE id = $1`,
      [grantId],
    );
    if (!found.length) throw DomainError.notFound('Access grant', grantId);
    const { application_id: applicationId, environment } = found[0];
    await lockGrants(m, applicationId, environment);
    const today = this.clock.todayInJapan();
    const set = await GrantSet.load(m, `g.application_id = $1 AND g.environment = $2`, [applicationId, environment]);
    const row = set.grants.find((g) => g.id === grantId)!;
    return { applicationId, environment, set, row, today };
  }

  /** The grant's state today allows the action (checked when proposed and again when carried out). */
  check({ set, row, today }: LockedGrant, action: GrantAction): void {
    const state = set.timeline.stateOn(row.id, today);
    if (ALLOWED[action].includes(state)) return;
    // Grants are named by their approval number and states in words (issue 13); ids and codes stay in details.
    const successor = state === 'superseded' ? set.timeline.successorOf(row.id) : undefined;
    const successorNumber = successor && set.grants.find((g) => g.id === successor.id)?.approval_number;
    const [hintJa, hintEn] = successor
      ? [
          `現在のアクセス権 (承認番号 ${successorNumber ?? '未採番'}) に対して操作してください。`,
          ` It was superseded by approval ${successorNumber ?? '(not yet numbered)'}; act on the current grant.`,
        ]
      : ['', ''];
    const allowed = ALLOWED[action].map((s) => GRANT_STATE_WORDS[s ?? '']?.[0] ?? s);
    const [stateJa, stateEn] = GRANT_STATE_WORDS[state ?? ''] ?? [String(state), String(state)];
    throw new DomainError(
      'GRANT_STATE_CONFLICT',
      `承認番号 ${row.approval_number} のアクセス権は${stateJa}のため、${ACTION_WORDS[action][0]}できません (${allowed.join('・')}のアクセス権のみ)。${hintJa} / Grant ${row.approval_number} is ${stateEn}; ${ACTION_WORDS[action][1]} needs it to be ${ALLOWED[action].map((s) => GRANT_STATE_WORDS[s ?? '']?.[1] ?? s).join(' or ')}.${hintEn}`,
      { grantStatus: state, grantId: row.id },
    );
  }

  async apply(
    m: EntityManager,
    { applicationId, environment, set, row, today }: LockedGrant,
    action: GrantAction,
    reason: string,
    actor: string,
  ): Promise<GrantView> {
    const kind = ACTION_TO_KIND[action];
    // The action holds for the grant and for a successor not yet in effect, so a scheduled change cannot undo it.
    const line = [row, ...set.timeline.chainAfter(row.id).map((s) => set.grants.find((g) => g.id === s.id)!)].filter(
      (g) => {
        const s = set.timeline.stateOn(g.id, today);
        return (
          g.id === row.id ||
          s === 'scheduled' ||
          (s === 'suspended' && kind === 'reinstated') ||
          (kind === 'revoked' && s === 'suspended')
        );
      },
    );
    for (const g of line) {
      await this.writer.log(m, g.id, kind, today, actor, reason);
      if (kind === 'revoked' && g.connection_id)
        await this.writer.releaseLinks(
          m,
          g.application_id,
          g.connection_id,
          environment,
          `承認番号 ${g.approval_number} のアクセス権の取消 / approval ${g.approval_number} revoked: ${reason}`,
        );
    }
    const after = await GrantSet.load(m, `g.application_id = $1 AND g.environment = $2`, [applicationId, environment]);
    await this.writer.recordEvent(m, ACTION_EVENT[action], after, row, today, reason);
    return after.view(row, today);
  }
}
