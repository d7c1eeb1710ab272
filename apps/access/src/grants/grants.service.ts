import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AccessEnvironment,
  AccessEvents,
  AllowlistEntry,
  AllowlistGet,
  ApplicationSnapshot,
  Caller,
  CaseAccessGet,
  GrantChange,
  GrantCreate,
  GrantPayload,
  GrantStatus,
  GrantView,
  isCaseParty,
  LgwanTaskComplete,
  testCompletionMissing,
  TEST_NOT_COMPLETED_SENTENCE,
  LgwanTaskCompletedPayload,
} from '@jlis/contracts';
import { CaseProjection, Clock, DomainError, Outbox, withIdempotency } from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  CONNECTION_SELECT,
  ConnectionRow,
  connectionView,
  findConnection,
  insertLink,
  LINK_SELECT,
  LinkRow,
  linkView,
  requireCitable,
} from '../connections/connections.service';
import { A11_FORMS } from '../projections/access.projections';
import { AcceptedSubmissionRow, Projections } from '../projections/projections.repository';
import { GrantRow, GrantSet } from './grants.repository';

const FORM_NAMES: Record<string, string> = {
  'A-03-4': 'A-03-4 テスト環境利用申請書',
  'A-08-1': 'A-08-1 アクセス権登録申請書兼承認書(テスト環境)',
  'A-11-1': 'A-11-1 情報提供方式の選択通知',
  'A-11-2': 'A-11-2 アクセス権登録申請書兼承認書',
  URL: 'URL通知書',
  'A-11-3': 'A-11-3 署名検証者側連絡先の登録・変更連絡票',
};

const ACTION_TO_KIND = { suspension: 'suspended', revocation: 'revoked', reinstatement: 'reinstated' } as const;
const ACTION_EVENT = {
  suspension: AccessEvents.GrantSuspended,
  revocation: AccessEvents.GrantRevoked,
  reinstatement: AccessEvents.GrantReinstated,
} as const;

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * Test access (A-9, R8, R9), production access (A-12, R10–R12) and its changes (A-13, R13), the
 * operators' suspension / revocation / reinstatement, and the answers built from the append-only history.
 */
@Injectable()
export class GrantsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
  ) {}

  // ---------------------------------------------------------------- R9: the LGWAN national center task

  async completeLgwanTask(req: LgwanTaskComplete.Request): Promise<LgwanTaskComplete.Response> {
    return this.ds.transaction(async (m) => {
      const snapshot = await this.requireParty(m, req.caller, req.applicationId, ['operator', 'applicant']);
      const today = this.clock.todayInJapan();
      if (req.body.completedOn > today) {
        throw new DomainError(
          'DATE_IN_FUTURE',
          `完了日 ${req.body.completedOn} は未来の日付です。 / completedOn ${req.body.completedOn} is after today (${today}); record the task once it is done.`,
          undefined,
          [{ field: 'completedOn', message: `must not be after today (${today})` }],
        );
      }
      const now = this.clock.now();
      await m.query(
        `INSERT INTO lgwan_task (application_id, completed_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)`,
        [snapshot.id, req.body.completedOn, req.caller.sub, now],
      );
      const [{ n }]: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM lgwan_task WHERE application_id = $1`,
        [snapshot.id],
      );
      await this.outbox.add<LgwanTaskCompletedPayload>(m, {
        type: AccessEvents.LgwanTaskCompleted,
        aggregateId: snapshot.id,
        aggregateVersion: n,
        applicationId: snapshot.id,
        payload: { applicationId: snapshot.id, completedOn: req.body.completedOn },
      });
      return {
        applicationId: snapshot.id,
        completedOn: req.body.completedOn,
        recordedBy: req.caller.sub,
        recordedAt: now.toISOString(),
      };
    });
  }

  // ---------------------------------------------------------------- grants

  async create(req: GrantCreate.Request): Promise<GrantCreate.Response> {
    if (req.caller.role !== 'operator') throw new DomainError('FORBIDDEN', 'Only J-LIS operators grant access.');
    return this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(m, req.caller, req.idempotencyKey, req.body, async () => {
        const snapshot = await this.cases.require(req.applicationId, m);
        if (['rejected', 'withdrawn', 'revoked'].includes(snapshot.status)) {
          throw new DomainError(
            'CASE_CLOSED',
            `この案件は ${snapshot.status} のため、アクセス権は設定できません。 / The case is ${snapshot.status}; no access is granted on it.`,
            {
              caseStatus: snapshot.status,
            },
          );
        }
        // Two operators granting at the same moment: the second waits here and then finds the first's grant.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
          `access:grant:${snapshot.id}:${req.body.environment}`,
        ]);
        return req.body.environment === 'test'
          ? this.grantTest(m, req, snapshot)
          : this.grantProduction(m, req, snapshot);
      });
      return response;
    });
  }

  private async grantTest(
    m: EntityManager,
    req: GrantCreate.Request,
    snapshot: ApplicationSnapshot,
  ): Promise<GrantView> {
    if (req.body.overrideReason !== undefined) {
      throw new DomainError(
        'OVERRIDE_NOT_APPLICABLE',
        'overrideReason applies to production access only (R10); leave it out for test access.',
        undefined,
        [{ field: 'overrideReason', message: 'only for environment "production"' }],
      );
    }
    const existing: { id: string }[] = await m.query(
      `SELECT id FROM access_grant WHERE application_id = $1 AND environment = 'test'`,
      [snapshot.id],
    );
    if (existing.length) {
      throw new DomainError(
        'ACCESS_ALREADY_GRANTED',
        `Test access was already granted for this case (grant ${existing[0].id}).`,
        { grantId: existing[0].id },
      );
    }
    if (!snapshot.wantsOnlineTest) {
      throw new DomainError(
        'ONLINE_TEST_NOT_WANTED',
        'この案件はオンラインテスト環境を希望していません。 / The case does not want the online test environment, so there is no test access to grant (R8).',
      );
    }
    const a034 = await Projections.latestAccepted(m, snapshot.id, 'A-03-4');
    if (!a034) throw this.missing(['A-03-4'], 'test');
    // The A-08-1 first, then its link: both commit together, so this order never misreads an acceptance arriving now.
    const a081 = await Projections.latestAccepted(m, snapshot.id, 'A-08-1');
    const links: LinkRow[] = await m.query(
      `${LINK_SELECT} WHERE l.application_id = $1 AND l.environment = 'test' AND r.at IS NULL ORDER BY l.linked_at DESC`,
      [snapshot.id],
    );
    const link = links[0];
    if (!link) {
      if (!a081) throw this.missing(['A-08-1'], 'test');
      throw new DomainError(
        'ACCESS_PRECONDITION_MISSING',
        `受理された A-08-1 の接続登録 (${String(a081.fields.connectionId)}) がテスト環境の有効な登録ではありません。 / The accepted A-08-1 names connection ${String(a081.fields.connectionId)}, which is not a current test registration; ask the contractor to register it and file a corrected A-08-1.`,
        { missing: ['connection'] },
      );
    }
    if (link.via_lgpki) {
      const task: unknown[] = await m.query(`SELECT 1 FROM lgwan_task WHERE application_id = $1 LIMIT 1`, [
        snapshot.id,
      ]);
      if (!task.length) {
        throw new DomainError(
          'LGWAN_TASK_NOT_DONE',
          'LGPKI 経由で検証するため、LGWAN全国センターの手続の完了を先に登録してください。 / The case verifies via LGPKI: record the LGWAN national center task as done (POST …/lgwan-task) before test access is granted (R9).',
        );
      }
    }
    const connection = (await findConnection(m, link.connection_id))!;
    // The case may have named another contractor since: its test access moves with a new A-08-1 (or link).
    await requireCitable(m, connection, snapshot.contractorId);
    return this.insertGrant(m, req.caller, snapshot, {
      environment: 'test',
      connection,
      viaLgpki: link.via_lgpki,
      submissionId: link.submission_id,
      effectiveOn: this.clock.todayInJapan(),
      overrideReason: null,
      unitsOut: 0,
      supersedes: null,
      changeKind: null,
    });
  }

  private async grantProduction(
    m: EntityManager,
    req: GrantCreate.Request,
    snapshot: ApplicationSnapshot,
  ): Promise<GrantView> {
    const today = this.clock.todayInJapan();
    const accepted: (AcceptedSubmissionRow | undefined)[] = [];
    for (const form of A11_FORMS) accepted.push(await Projections.latestAccepted(m, snapshot.id, form));
    const missing = A11_FORMS.filter((_, i) => !accepted[i]);
    if (missing.length) throw this.missing(missing, 'production');
    const a112 = accepted[A11_FORMS.indexOf('A-11-2')]!;
    const set = await GrantSet.load(m, `g.application_id = $1 AND g.environment = 'production'`, [snapshot.id]);
    const already = set.grants.find((g) => g.submission_id === a112.submission_id);
    if (already) {
      throw new DomainError(
        'ACCESS_ALREADY_GRANTED',
        `この A-11-2 に基づくアクセス権は設定済みです (${already.approval_number})。変更には新しい A-11-2 が必要です。 / Production access was already granted on this A-11-2 (grant ${already.id}); a change needs a new accepted A-11-2 (A-13).`,
        { grantId: already.id },
      );
    }
    const head = set.head('production', today);
    if (head && set.timeline.stateOn(head.id, today) === 'suspended') {
      throw new DomainError(
        'ACCESS_SUSPENDED',
        `The case's production access (grant ${head.id}) is suspended; reinstate it before granting a change on the new A-11-2.`,
        { grantId: head.id },
      );
    }
    if (a112.seal_confirmed === false) {
      throw new DomainError(
        'SEAL_NOT_CONFIRMED',
        'A-11-2 の役職印が確認されていません。 / The accepted A-11-2 is not marked as bearing the official seal (R11); the reviewer must confirm it.',
      );
    }
    const startDate = a112.fields.startDate;
    if (!isDate(startDate)) {
      throw new DomainError(
        'ACCESS_PRECONDITION_MISSING',
        `The accepted A-11-2 carries no valid start date (startDate: ${JSON.stringify(startDate)}); it must be returned and filed again.`,
        {
          missing: ['A-11-2.startDate'],
        },
      );
    }
    // R11: the start date is on or after the agreement's Article 13 effective date (documents' latest version counts,
    // whatever order its events arrived in), checked again now.
    const agreement = await Projections.currentAgreement(m, snapshot.id);
    if (!agreement) {
      throw new DomainError(
        'PRECONDITION_NOT_YET_KNOWN',
        '協定書の締結がまだ記録されていません。記録済みの場合は少し待って再度お試しください。 / No agreement (協定書) is known for this case yet; production access needs it (R11). If it was just recorded, try again in a moment.',
        { missing: ['agreement'], step: 'A-12' },
      );
    }
    const effectiveFrom = agreement.effective_from;
    if (startDate < effectiveFrom) {
      throw new DomainError(
        'START_DATE_BEFORE_AGREEMENT',
        `A-11-2 のアクセス開始日 ${startDate} が協定書の効力発生日 ${effectiveFrom} より前です。開始日を ${effectiveFrom} 以降にした A-11-2 を提出してください。 / The A-11-2 start date ${startDate} is before the agreement's effective date ${effectiveFrom} (version ${agreement.version}); a new A-11-2 with a start date on or after ${effectiveFrom} is needed.`,
        { startDate, agreementEffectiveFrom: effectiveFrom, agreementVersion: agreement.version },
      );
    }
    const connectionId = a112.fields.connectionId;
    const connection = isUuid(connectionId) ? await findConnection(m, connectionId) : undefined;
    if (!connection || connection.environment !== 'production' || connection.withdrawn_at) {
      throw new DomainError(
        'ACCESS_PRECONDITION_MISSING',
        `A-11-2 の接続 (${String(connectionId)}) は本番環境の有効な接続登録ではありません。 / The A-11-2 names connection ${String(connectionId)}, which is not a current production registration; the contractor must register it and a corrected A-11-2 be filed.`,
        { missing: ['A-11-2.connectionId'] },
      );
    }
    // After a contractor change, production access moves with the next A-11-2 citing the new contractor's connection.
    await requireCitable(m, connection, snapshot.contractorId);
    // R10 and A-10's test end apply to the first production grant only (R13: not to changes).
    let unitsOut = 0;
    if (!head && testCompletionMissing(snapshot)) {
      throw new DomainError('TEST_NOT_COMPLETED', TEST_NOT_COMPLETED_SENTENCE, { step: 'A-10' });
    }
    if (!head) {
      const holding: { units_out: number }[] = await m.query(
        `SELECT units_out FROM card_holding WHERE application_id = $1`,
        [snapshot.id],
      );
      unitsOut = holding[0]?.units_out ?? 0;
      if (unitsOut > 0 && !req.body.overrideReason) {
        throw new DomainError(
          'CARDS_OUTSTANDING',
          `テスト用ICカードが ${unitsOut} 枚返却されていません。返却後に設定するか、理由を記録して例外として設定してください。 / The case still holds ${unitsOut} lent test card(s) (R10); wait for their return or grant with an overrideReason that is kept with the grant.`,
          { unitsOut },
        );
      }
    }
    // A-13 kinds come from the A-11-2's reason; an A-11-2 marked 'initial' after go-live is still a change.
    const reason = a112.fields.reason;
    const changeKind = head
      ? reason === 'member-change' || reason === 'system-change'
        ? reason
        : 'system-change'
      : null;
    return this.insertGrant(m, req.caller, snapshot, {
      environment: 'production',
      connection,
      viaLgpki: false,
      submissionId: a112.submission_id,
      effectiveOn: startDate > today ? startDate : today,
      overrideReason: req.body.overrideReason ?? null,
      unitsOut,
      supersedes: head?.id ?? null,
      changeKind,
    });
  }

  private async insertGrant(
    m: EntityManager,
    caller: Caller,
    snapshot: ApplicationSnapshot,
    g: {
      environment: AccessEnvironment;
      connection: ConnectionRow;
      viaLgpki: boolean;
      submissionId: string | null;
      effectiveOn: string;
      overrideReason: string | null;
      unitsOut: number;
      supersedes: string | null;
      changeKind: string | null;
    },
  ): Promise<GrantView> {
    const today = this.clock.todayInJapan();
    const now = this.clock.now();
    const [{ n }]: { n: string }[] = await m.query(`SELECT nextval('approval_number_seq')::text AS n`);
    const approvalNumber = `${g.environment === 'test' ? 'JPKI-T' : 'JPKI-P'}-${today.slice(0, 4)}-${n.padStart(6, '0')}`;
    const id = randomUUID();
    await m.query(
      `INSERT INTO access_grant (id, application_id, environment, connection_id, contractor_id, method, cidrs, via_lgpki, submission_id, created_on,
         effective_on, approval_number, approved_on, approver, override_reason, units_out_at_grant, supersedes, change_kind, granted_by, granted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $10, $13, $14, $15, $16, $17, $13, $18)`,
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
      ],
    );
    await this.log(m, id, 'created', today, caller.sub, g.overrideReason ? `override: ${g.overrideReason}` : null);
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
  private async supersede(m: EntityManager, set: GrantSet, successor: GrantRow, today: string): Promise<void> {
    const previous = set.grants.find((x) => x.id === successor.supersedes);
    if (!previous) return;
    const fresh = await this.log(
      m,
      previous.id,
      'superseded',
      successor.effective_on,
      'system',
      `superseded by ${successor.id} (${successor.approval_number})`,
    );
    if (!fresh) return;
    if (previous.connection_id && previous.connection_id !== successor.connection_id) {
      await this.releaseLinks(
        m,
        previous.application_id,
        previous.connection_id,
        'production',
        `superseded by grant ${successor.id}`,
      );
    }
    const after = await GrantSet.load(m, `g.application_id = $1 AND g.environment = $2`, [
      previous.application_id,
      previous.environment,
    ]);
    await this.recordEvent(m, AccessEvents.GrantSuperseded, after, previous, today, `superseded by ${successor.id}`, {
      status: 'superseded',
    });
  }

  // ---------------------------------------------------------------- the day a scheduled grant starts

  /** Run by the scheduler (one instance at a time) and by tests: every grant whose start date has come takes effect. */
  async activateDue(): Promise<number> {
    const today = this.clock.todayInJapan();
    const due: { id: string; application_id: string; environment: AccessEnvironment }[] = await this.ds.query(
      `SELECT g.id, g.application_id, g.environment FROM access_grant g
        WHERE g.effective_on <= $1 AND NOT EXISTS (SELECT 1 FROM grant_log l WHERE l.grant_id = g.id AND l.kind IN ('effective', 'revoked', 'superseded'))
        ORDER BY g.effective_on, g.granted_at`,
      [today],
    );
    let count = 0;
    for (const d of due) {
      await this.ds.transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
          `access:grant:${d.application_id}:${d.environment}`,
        ]);
        const set = await GrantSet.load(m, `g.application_id = $1 AND g.environment = $2`, [
          d.application_id,
          d.environment,
        ]);
        const row = set.grants.find((g) => g.id === d.id)!;
        if (set.timeline.stateOn(row.id, today) !== 'active') return;
        if (!(await this.log(m, row.id, 'effective', row.effective_on, 'system', null))) return;
        await this.recordEvent(m, AccessEvents.GrantEffective, set, row, today);
        if (row.supersedes) await this.supersede(m, set, row, today);
        count++;
      });
    }
    return count;
  }

  // ---------------------------------------------------------------- suspension, revocation, reinstatement

  async change(req: GrantChange.Request): Promise<GrantChange.Response> {
    if (req.caller.role !== 'operator')
      throw new DomainError('FORBIDDEN', 'Only J-LIS operators suspend, revoke or reinstate access.');
    return this.ds.transaction(async (m) => {
      const found: { application_id: string; environment: AccessEnvironment }[] = await m.query(
        `SELECT application_id, environment FROM access_grant WHERE id = $1`,
        [req.grantId],
      );
      if (!found.length) throw DomainError.notFound('Access grant', req.grantId);
      const { application_id: applicationId, environment } = found[0];
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`access:grant:${applicationId}:${environment}`]);
      const today = this.clock.todayInJapan();
      const set = await GrantSet.load(m, `g.application_id = $1 AND g.environment = $2`, [applicationId, environment]);
      const row = set.grants.find((g) => g.id === req.grantId)!;
      const state = set.timeline.stateOn(row.id, today);
      const allowed: Record<GrantChange.Request['action'], (GrantStatus | null)[]> = {
        suspension: ['active', 'scheduled'],
        revocation: ['active', 'scheduled', 'suspended'],
        reinstatement: ['suspended'],
      };
      if (!allowed[req.action].includes(state)) {
        const hint =
          state === 'superseded'
            ? ` It was superseded by grant ${set.timeline.successorOf(row.id)?.id}; act on the current grant.`
            : '';
        throw new DomainError(
          'GRANT_STATE_CONFLICT',
          `Grant ${row.id} is ${state}; ${req.action} needs it to be ${allowed[req.action].join(' or ')}.${hint}`,
          { grantStatus: state },
        );
      }
      const kind = ACTION_TO_KIND[req.action];
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
        await this.log(m, g.id, kind, today, req.caller.sub, req.body.reason);
        if (kind === 'revoked' && g.connection_id)
          await this.releaseLinks(
            m,
            g.application_id,
            g.connection_id,
            environment,
            `grant ${g.id} revoked: ${req.body.reason}`,
          );
      }
      const after = await GrantSet.load(m, `g.application_id = $1 AND g.environment = $2`, [
        applicationId,
        environment,
      ]);
      await this.recordEvent(m, ACTION_EVENT[req.action], after, row, today, req.body.reason);
      return after.view(row, today);
    });
  }

  // ---------------------------------------------------------------- answers

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

  // ---------------------------------------------------------------- helpers

  private async requireParty(
    m: EntityManager,
    caller: Caller,
    applicationId: string,
    roles: Caller['role'][],
  ): Promise<ApplicationSnapshot> {
    const snapshot = await this.cases.require(applicationId, m);
    const party = isCaseParty(caller, {
      applicationId,
      organizationCode: snapshot.organizationCode,
      contractorId: snapshot.contractorId,
    });
    if (!party || !roles.includes(caller.role)) throw DomainError.notFound('Application', applicationId);
    return snapshot;
  }

  /**
   * Papers access has not seen accepted. Access learns acceptances from documents' events, so "not yet" may also
   * mean "in flight": the platform's PRECONDITION_NOT_YET_KNOWN, which clients wait out, with what is missing.
   */
  private missing(forms: string[], environment: AccessEnvironment): DomainError {
    const names = forms.map((f) => FORM_NAMES[f] ?? f).join('、');
    const step = environment === 'test' ? 'A-9' : 'A-12';
    return new DomainError(
      'PRECONDITION_NOT_YET_KNOWN',
      `${names} の受理が確認できないため ${step} に進めません。受理済みの場合は少し待って再度お試しください。 / ${step} cannot be done yet: ${forms.join(', ')} not accepted for this case as far as access knows; if just accepted, try again in a moment.`,
      { missing: forms, step },
    );
  }

  private async log(
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

  private async releaseLinks(
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

  private async recordEvent(
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
    await this.outbox.add<GrantPayload>(m, {
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
