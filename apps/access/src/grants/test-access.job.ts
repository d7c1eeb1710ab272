import { Inject, Injectable } from '@nestjs/common';
import { ScheduledJob, Scheduler } from '@jlis/runtime';
import { AccessConfig } from '../access.config';
import { TestAccessTermService } from './test-access-term.service';

export const TEST_ACCESS_JOB = 'access-test-access-term';

/** Test access terms: a notice a week before the end, then the end itself (one instance at a time). */
@Injectable()
export class TestAccessJob extends ScheduledJob {
  protected readonly name = TEST_ACCESS_JOB;
  protected readonly intervalMs: number;

  constructor(
    scheduler: Scheduler,
    private readonly terms: TestAccessTermService,
    @Inject(AccessConfig) config: AccessConfig,
  ) {
    super(scheduler);
    this.intervalMs = config.REMINDER_CHECK_INTERVAL_MS;
  }

  protected async run(): Promise<void> {
    await this.terms.runDue();
  }
}
