import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GrantCreate } from '@jlis/contracts';
import { CaseProjection, Clock, DomainError, withIdempotency } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { lockGrants } from './grant-rules';
import { GrantWriter } from './grant-writer';
import { planProductionGrant } from './production-access';
import { planTestGrant } from './test-access';

/** Granting access: A-9 test access (R8, R9), A-12 production access (R10–R12) and its A-13 changes (R13). */
@Injectable()
export class GrantsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
    private readonly writer: GrantWriter,
  ) {}

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
        await lockGrants(m, snapshot.id, req.body.environment);
        const today = this.clock.todayInJapan();
        const plan =
          req.body.environment === 'test'
            ? await planTestGrant(m, today, snapshot, req.body.overrideReason)
            : await planProductionGrant(m, today, snapshot, req.body.overrideReason);
        return this.writer.insert(m, req.caller, snapshot, plan);
      });
      return response;
    });
  }
}
