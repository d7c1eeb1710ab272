import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessEnvironment, AccessEvents } from '@jlis/contracts';
import { Clock } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { lockGrants } from './grant-rules';
import { GrantWriter } from './grant-writer';
import { GrantSet } from './grants.repository';

/** The day a scheduled grant starts: it takes effect, and the grant it replaces ends. */
@Injectable()
export class GrantActivationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly writer: GrantWriter,
  ) {}

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
        await lockGrants(m, d.application_id, d.environment);
        const set = await GrantSet.load(m, `g.application_id = $1 AND g.environment = $2`, [
          d.application_id,
          d.environment,
        ]);
        const row = set.grants.find((g) => g.id === d.id)!;
        if (set.timeline.stateOn(row.id, today) !== 'active') return;
        if (!(await this.writer.log(m, row.id, 'effective', row.effective_on, 'system', null))) return;
        await this.writer.recordEvent(m, AccessEvents.GrantEffective, set, row, today);
        if (row.supersedes) await this.writer.supersede(m, set, row, today);
        count++;
      });
    }
    return count;
  }
}
