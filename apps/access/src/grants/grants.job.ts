import { Injectable } from '@nestjs/common';
import { ScheduledJob, Scheduler } from '@jlis/runtime';
import { GrantActivationService } from './grant-activation.service';

export const ACTIVATE_GRANTS_JOB = 'access-grants-take-effect';

/** Start dates taking effect by themselves: one instance at a time (the scheduler's advisory lock), every minute. */
@Injectable()
export class GrantsJob extends ScheduledJob {
  static intervalMs = 60_000;
  protected readonly name = ACTIVATE_GRANTS_JOB;
  protected readonly intervalMs = GrantsJob.intervalMs;

  constructor(
    scheduler: Scheduler,
    private readonly grants: GrantActivationService,
  ) {
    super(scheduler);
  }

  protected async run(): Promise<void> {
    await this.grants.activateDue();
  }
}
