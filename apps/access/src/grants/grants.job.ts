import { Injectable, OnModuleInit } from '@nestjs/common';
import { Scheduler } from '@jlis/runtime';
import { GrantActivationService } from './grant-activation.service';

export const ACTIVATE_GRANTS_JOB = 'access-grants-take-effect';

/** Start dates taking effect by themselves: one instance at a time (the scheduler's advisory lock), every minute. */
@Injectable()
export class GrantsJob implements OnModuleInit {
  static intervalMs = 60_000;
  constructor(
    private readonly scheduler: Scheduler,
    private readonly grants: GrantActivationService,
  ) {}

  onModuleInit(): void {
    this.scheduler.every(ACTIVATE_GRANTS_JOB, GrantsJob.intervalMs, () => this.run());
  }

  /** One tick, exclusive across instances; tests call it after moving the clock. */
  async tick(): Promise<boolean> {
    return this.scheduler.runExclusive(ACTIVATE_GRANTS_JOB, () => this.run());
  }

  private async run(): Promise<void> {
    await this.grants.activateDue();
  }
}
