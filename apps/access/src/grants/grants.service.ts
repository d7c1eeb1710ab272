import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GrantCreate } from '@jlis/contracts';
import { CaseProjection, Clock, DomainError, withIdempotency } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { GrantDecisionsService } from './grant-decisions.service';
import { lockGrants, requireOpenCase } from './grant-rules';
import { GrantWriter } from './grant-writer';
import { planTestGrant } from './test-access';

/**
 * Granting access: A-9 test access (R8, R9) at once; A-12 production access (R10–R12) and its A-13 changes (R13) as a
 * proposal that another operator approves (grant-decisions.service.ts).
 */
@Injectable()
export class GrantsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
    private readonly writer: GrantWriter,
    private readonly decisions: GrantDecisionsService,
  ) {}

  async create(req: GrantCreate.Request): Promise<GrantCreate.Response> {
    if (req.caller.role !== 'operator') throw new DomainError('FORBIDDEN', 'Only J-LIS operators grant access.');
    return this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(m, req.caller, req.idempotencyKey, req.body, async () => {
        const snapshot = await this.cases.require(req.applicationId, m);
        requireOpenCase(snapshot);
        // Two operators granting at the same moment: the second waits here and then finds the first's grant.
        await lockGrants(m, snapshot.id, req.body.environment);
        if (req.body.environment === 'production')
          return this.decisions.proposeProduction(m, req.caller, snapshot, req.body.overrideReason);
        const plan = await planTestGrant(m, this.clock.todayInJapan(), snapshot, req.body.overrideReason);
        return this.writer.insert(m, req.caller, snapshot, plan);
      });
      return response;
    });
  }
}
