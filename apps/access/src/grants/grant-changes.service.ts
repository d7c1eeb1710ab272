import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessEnvironment, AccessEvents, GrantChange, GrantStatus } from '@jlis/contracts';
import { Clock, DomainError } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { lockGrants } from './grant-rules';
import { GrantWriter } from './grant-writer';
import { GrantSet } from './grants.repository';

const ACTION_TO_KIND = { suspension: 'suspended', revocation: 'revoked', reinstatement: 'reinstated' } as const;
const ACTION_EVENT = {
  suspension: AccessEvents.GrantSuspended,
  revocation: AccessEvents.GrantRevoked,
  reinstatement: AccessEvents.GrantReinstated,
} as const;

/** The operators' suspension, revocation and reinstatement of a grant, kept in its append-only log. */
@Injectable()
export class GrantChangesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly writer: GrantWriter,
  ) {}

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
      await lockGrants(m, applicationId, environment);
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
        await this.writer.log(m, g.id, kind, today, req.caller.sub, req.body.reason);
        if (kind === 'revoked' && g.connection_id)
          await this.writer.releaseLinks(
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
      await this.writer.recordEvent(m, ACTION_EVENT[req.action], after, row, today, req.body.reason);
      return after.view(row, today);
    });
  }
}
