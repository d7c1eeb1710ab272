import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessEvents, TestAccessExtend, TestAccessTermView } from '@jlis/contracts';
import { addDays, Clock, DomainError, Outbox } from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { AccessConfig } from '../access.config';
import { GrantChangesService } from './grant-changes.service';
import { lockGrants } from './grant-rules';
import { GrantWriter } from './grant-writer';
import { GrantRow, GrantSet } from './grants.repository';

/** A test grant's state in which its term runs (and may be extended): not yet ended, revoked or superseded. */
const RUNNING = ['scheduled', 'active', 'suspended'];

/**
 * The term of test access: a test grant ends by itself TEST_ACCESS_DAYS after its start, told a week before
 * (TEST_ACCESS_NOTICE_DAYS), unless an operator extends it to a later day. The end is logged as the grant's revocation
 * from that day, with the term as its reason, so the allowlists and the case's history show it like any other end.
 */
@Injectable()
export class TestAccessTermService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly writer: GrantWriter,
    private readonly changes: GrantChangesService,
    @Inject(AccessConfig) private readonly config: AccessConfig,
  ) {}

  async term(m: EntityManager, row: GrantRow): Promise<TestAccessTermView> {
    const extensions: { expires_on: string; reason: string; extended_by: string; at: Date }[] = await m.query(
      `SELECT expires_on::text AS expires_on, reason, extended_by, at FROM test_access_extension WHERE grant_id = $1 ORDER BY seq`,
      [row.id],
    );
    return {
      grantId: row.id,
      applicationId: row.application_id,
      effectiveOn: row.effective_on,
      expiresOn: extensions.at(-1)?.expires_on ?? addDays(row.effective_on, this.config.TEST_ACCESS_DAYS),
      extensions: extensions.map((e) => ({
        expiresOn: e.expires_on,
        reason: e.reason,
        extendedBy: e.extended_by,
        at: new Date(e.at).toISOString(),
      })),
    };
  }

  async extend(req: TestAccessExtend.Request): Promise<TestAccessTermView> {
    if (req.caller.role !== 'operator')
      throw new DomainError(
        'FORBIDDEN',
        'テスト環境の利用期間は機構の担当者が延長します。 / Only J-LIS operators extend test access.',
      );
    return this.ds.transaction(async (m) => {
      const { environment, set, row, today } = await this.changes.lock(m, req.grantId);
      const state = set.timeline.stateOn(row.id, today);
      if (environment !== 'test' || !RUNNING.includes(state ?? 'scheduled')) {
        throw new DomainError(
          'TEST_ACCESS_NOT_EXTENDABLE',
          environment !== 'test'
            ? '本番環境のアクセス権には利用期間がありません。 / Production access has no term to extend.'
            : 'このテスト環境のアクセス権は既に終了しています。 / This test access has already ended; it cannot be extended.',
          { grantStatus: state },
        );
      }
      const current = await this.term(m, row);
      if (req.body.expiresOn <= current.expiresOn || req.body.expiresOn <= today) {
        throw new DomainError(
          'TEST_ACCESS_NOT_EXTENDABLE',
          `延長後の終了日は、現在の終了日（${current.expiresOn}）より後の日を指定してください。 / The new end must be later than the current one (${current.expiresOn}).`,
          { expiresOn: current.expiresOn },
          [{ field: 'expiresOn', message: `must be after ${current.expiresOn}` }],
        );
      }
      await m.query(
        `INSERT INTO test_access_extension (grant_id, expires_on, reason, extended_by, at) VALUES ($1, $2, $3, $4, $5)`,
        [row.id, req.body.expiresOn, req.body.reason, req.caller.sub, this.clock.now()],
      );
      const term = await this.term(m, row);
      await this.announce(
        m,
        AccessEvents.TestAccessExtended,
        row,
        term.expiresOn,
        term.extensions.length,
        req.body.reason,
      );
      return term;
    });
  }

  /** Notices and ends due today; each once (a row per grant, kind and end date, written with its event). */
  async runDue(): Promise<void> {
    const today = this.clock.todayInJapan();
    const tests = await GrantSet.load(this.ds.manager, `g.environment = 'test'`, []);
    for (const candidate of tests.grants) {
      if (!RUNNING.includes(tests.timeline.stateOn(candidate.id, today) ?? '')) continue;
      const { expiresOn } = await this.term(this.ds.manager, candidate);
      if (today < addDays(expiresOn, -this.config.TEST_ACCESS_NOTICE_DAYS)) continue;
      await this.ds.transaction(async (m) => {
        // Under the case's grant lock, read again: an extension or a revocation may have come in between.
        await lockGrants(m, candidate.application_id, 'test');
        const set = await GrantSet.load(m, `g.id = $1`, [candidate.id]);
        const row = set.grants[0];
        if (!RUNNING.includes(set.timeline.stateOn(row.id, today) ?? '')) return;
        const term = await this.term(m, row);
        const kind = today >= term.expiresOn ? 'expired' : 'expiring';
        if (kind === 'expiring' && today < addDays(term.expiresOn, -this.config.TEST_ACCESS_NOTICE_DAYS)) return;
        const fresh: unknown[] = await m.query(
          `INSERT INTO test_access_notice (grant_id, kind, expires_on, sent_on) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING grant_id`,
          [row.id, kind, term.expiresOn, today],
        );
        if (fresh.length === 0) return;
        if (kind === 'expired') {
          await this.writer.log(
            m,
            row.id,
            'revoked',
            term.expiresOn,
            'system',
            `テスト環境の利用期間の満了 / test access term ended (${term.expiresOn})`,
          );
        }
        const type = kind === 'expired' ? AccessEvents.TestAccessExpired : AccessEvents.TestAccessExpiring;
        await this.announce(m, type, row, term.expiresOn, term.extensions.length);
      });
    }
  }

  private async announce(
    m: EntityManager,
    type: string,
    row: GrantRow,
    expiresOn: string,
    extensions: number,
    reason?: string,
  ): Promise<void> {
    const [{ n }]: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM grant_log WHERE grant_id = $1`, [
      row.id,
    ]);
    await this.outbox.add(m, {
      type,
      aggregateId: row.id,
      // The grant's log length and its extensions: each term event is newer than the last one of the grant.
      aggregateVersion: n + extensions,
      applicationId: row.application_id,
      ...(type === AccessEvents.TestAccessExtended ? {} : { actor: { sub: 'system', role: 'system' } }),
      payload: {
        grantId: row.id,
        applicationId: row.application_id,
        contractorId: row.contractor_id,
        expiresOn,
        lastDay: addDays(expiresOn, -1),
        ...(reason ? { reason } : {}),
      },
    });
  }
}
