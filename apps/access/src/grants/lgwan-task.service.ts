import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessEvents, ApplicationSnapshot, Caller, isCaseParty, LgwanTaskComplete } from '@jlis/contracts';
import { CaseProjection, Clock, DomainError, Outbox } from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';

/** R9: the LGWAN national center task, recorded as done by the case's applicant or an operator. */
@Injectable()
export class LgwanTaskService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
  ) {}

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
      await this.outbox.add(m, {
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
}
