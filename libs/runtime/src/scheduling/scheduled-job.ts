import { OnModuleInit } from '@nestjs/common';
import { Scheduler } from './scheduler';

/**
 * The one base of a `*.job.ts`: a name, an interval and `run()`, registered with the scheduler at start (one instance
 * at a time across a service's instances, by advisory lock). `tick()` runs it once now, exclusively: tests call it
 * instead of waiting for the interval.
 */
export abstract class ScheduledJob implements OnModuleInit {
  protected abstract readonly name: string;
  protected abstract readonly intervalMs: number;

  constructor(protected readonly scheduler: Scheduler) {}

  onModuleInit(): void {
    this.scheduler.every(this.name, this.intervalMs, () => this.run());
  }

  /** One run now, unless another instance holds the job's lock; returns whether it ran. */
  tick(): Promise<boolean> {
    return this.scheduler.runExclusive(this.name, () => this.run());
  }

  protected abstract run(): Promise<void>;
}
