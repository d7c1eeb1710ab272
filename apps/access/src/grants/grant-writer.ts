import { Injectable } from '@nestjs/common';
import {
  AccessEnvironment,
  AccessEvents,
  ApplicationSnapshot,
  Caller,
  GrantPayload,
  GrantStatus,
  GrantView,
} from '@jlis/contracts';
import { Clock, Outbox } from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ConnectionRow, insertLink, LINK_SELECT } from '../connections/connections.repository';
import { GrantRow, GrantSet } from './grants.repository';

/** Who approved, as documents and mails show it: the operator's name, or the organisation when the token has none. */
export function approverName(caller: Caller): string {
  return caller.name ?? '地方公共団体情報システム機構';
}

/** What a use case decided to grant; the writer stores it the same way for every use case. */
export interface GrantPlan {
  environment: AccessEnvironment;
  connection: ConnectionRow;
  viaLgpki: boolean;
  submissionId: string | null;
  effectiveOn: string;
  overrideReason: string | null;
  unitsOut: number;
  supersedes: string | null;
  changeKind: string | null;
}

/**
 * The writes every grant use case shares: a new grant with its approval number, the append-only log, released
 * registrations and the grant's events (in the caller's transaction, so they commit together).
 */
@Injectable()
export class GrantWriter {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /**
   * `caller` approves the grant: its name (never its login id) is the approver on the grant, its mails and documents.
   * `decisionId`: the two-person decision the grant carries out (production).
   */
  async insert(
    m: EntityManager,
    caller: Caller,
    snapshot: ApplicationSnapshot,
    g: GrantPlan,
    decisionId: string | null = null,
  ): Promise<GrantView> {
    const today = this.clock.todayInJapan();
    const now = this.clock.now();
    const [{ n }]: { n: string }[] = await m.query(`SELECT nextval('approval_number_seq')::text AS n`);
    const approvalNumber = `${g.environment === 'test' ? 'JPKI-T' : 'JPKI-P'}-${today.slice(0, 4)}-${n.padStart(6, '0')}`;
    const id = randomUUID();
    await m.query(
      `INSERT INTO access_grant (id, application_id, environment, connection_id, contractor_id, method, cidrs, via_lgpki, submission_id, created_on,
         effective_on, approval_number, approved_on, approver, override_reason, units_out_at_grant, supersedes, change_kind, granted_by, granted_at, decision_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $10, $19, $14, $15, $16, $17, $13, $18, $20)`,
      [
        id,
        snapshot.id,
        g.environment,
        g.connection.id,
        g.connection.contractor_id,
        g.connection.method,
        g.connection.cidrs,
        g.viaLgpki,
        g.submissionId,
        today,
        g.effectiveOn,
        approvalNumber,
        caller.sub,
        g.overrideReason,
        g.unitsOut,
        g.supersedes,
        g.changeKind,
        now,
        approverName(caller),
        decisionId,
      ],
    );
    await this.log(
      m,
      id,
      'created',
      today,
      caller.sub,
      g.overrideReason
        ? `カード返却前の例外として設定 / set before the cards' return (R10): ${g.overrideReason}`
        : null,
    );
    if (g.environment === 'production' && g.submissionId) {
      const linked: unknown[] = await m.query(
        `${LINK_SELECT} WHERE l.application_id = $1 AND l.connection_id = $2 AND l.environment = 'production' AND r.at IS NULL`,
        [snapshot.id, g.connection.id],
      );
      if (!linked.length) {
        await insertLink(m, this.clock, {
          applicationId: snapshot.id,
          connectionId: g.connection.id,
          environment: 'production',
          viaLgpki: false,
          source: 'grant',
          submissionId: null,
          actor: caller.sub,
        });
      }
    }
    const set = await GrantSet.load(m, `g.application_id = $1 AND g.environment = $2`, [snapshot.id, g.environment]);
    const row = set.grants.find((x) => x.id === id)!;
    const status = set.timeline.stateOn(id, today) as GrantStatus;
    await this.recordEvent(m, AccessEvents.GrantCreated, set, row, today);
    if (status === 'active') {
      await this.log(m, id, 'effective', g.effectiveOn, 'system', null);
      if (g.supersedes) await this.supersede(m, set, row, today);
    }
    return (await GrantSet.load(m, `g.id = $1`, [id])).view(row, today);
  }

  /** The new grant took effect: the one it replaces ends, and its registration is released if the new one uses another. */
  async supersede(m: EntityManager, set: GrantSet, successor: GrantRow, today: string): Promise<void> {
    const previous = set.grants.find((x) => x.id === successor.supersedes);
    if (!previous) return;
    // The successor by its approval number, which people quote; its id stays in the event's fields.
    const reason = `承認番号 ${successor.approval_number} のアクセス権に置き換え / superseded by approval ${successor.approval_number}`;
    const fresh = await this.log(m, previous.id, 'superseded', successor.effective_on, 'system', reason);
    if (!fresh) return;
    if (previous.connection_id && previous.connection_id !== successor.connection_id) {
      await this.releaseLinks(m, previous.application_id, previous.connection_id, 'production', reason);
    }
    const after = await GrantSet.load(m, `g.application_id = $1 AND g.environment = $2`, [
      previous.application_id,
      previous.environment,
    ]);
    await this.recordEvent(m, AccessEvents.GrantSuperseded, after, previous, today, reason, {
      status: 'superseded',
    });
  }

  async log(
    m: EntityManager,
    grantId: string,
    kind: string,
    onDate: string,
    actor: string,
    reason: string | null,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO grant_log (grant_id, kind, on_date, at, actor, reason) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING seq`,
      [grantId, kind, onDate, this.clock.now(), actor, reason],
    );
    return rows.length > 0;
  }

  async releaseLinks(
    m: EntityManager,
    applicationId: string,
    connectionId: string,
    environment: AccessEnvironment,
    reason: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO connection_link_release (link_id, at, actor, reason)
       SELECT l.id, $4, 'system', $5 FROM connection_link l
        WHERE l.application_id = $1 AND l.connection_id = $2 AND l.environment = $3
          AND NOT EXISTS (SELECT 1 FROM connection_link_release r WHERE r.link_id = l.id)`,
      [applicationId, connectionId, environment, this.clock.now(), reason],
    );
  }

  async recordEvent(
    m: EntityManager,
    type: string,
    set: GrantSet,
    row: GrantRow,
    today: string,
    reason?: string,
    override: Partial<GrantPayload> = {},
  ): Promise<void> {
    const [{ n }]: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM grant_log WHERE grant_id = $1`, [
      row.id,
    ]);
    const status = set.timeline.stateOn(row.id, today) ?? 'scheduled';
    await this.outbox.add(m, {
      type,
      aggregateId: row.id,
      aggregateVersion: n,
      applicationId: row.application_id,
      payload: {
        grantId: row.id,
        applicationId: row.application_id,
        environment: row.environment,
        status,
        effectiveOn: row.effective_on,
        contractorId: row.contractor_id,
        cidrs: row.cidrs,
        approval: { number: row.approval_number, approvedOn: row.approved_on, approver: row.approver },
        supersedes: row.supersedes,
        reason,
        overrideReason: row.override_reason,
        connectionId: row.connection_id,
        method: row.method,
        submissionId: row.submission_id,
        changeKind: row.change_kind,
        ...override,
      },
    });
  }
}
