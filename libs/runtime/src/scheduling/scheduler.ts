import { DataSource } from 'typeorm';
import { RequestContext } from '../context/request-context';
import type { Logger } from '../logging/logger';
import { randomUUID } from 'node:crypto';

interface Job {
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
  timer?: NodeJS.Timeout;
}

/**
 * Periodic work that must run in one instance at a time however many run (start dates taking effect,
 * overdue reminders): each tick takes a Postgres advisory lock named after the job; whoever does not get
 * it skips the tick. Jobs must be idempotent anyway: they act on what the database says is due.
 */
export class Scheduler {
  private readonly jobs: Job[] = [];
  private running = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly schema: string,
  ) {}

  every(name: string, intervalMs: number, run: () => Promise<void>): void {
    const job: Job = { name, intervalMs, run };
    this.jobs.push(job);
    if (this.running) this.schedule(job);
  }

  start(): void {
    this.running = true;
    this.jobs.forEach((job) => this.schedule(job));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.jobs.forEach((job) => job.timer && clearTimeout(job.timer));
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs `run` if no other instance holds the job's lock; returns whether it ran. */
  async runExclusive(name: string, run: () => Promise<void>): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const lockName = `job:${this.schema}:${name}`;
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query(
        `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
        [lockName],
      );
      if (!locked) return false;
      try {
        await RequestContext.run({ requestId: randomUUID() }, run);
        return true;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockName]);
      }
    } finally {
      await runner.release();
    }
  }

  private schedule(job: Job): void {
    job.timer = setTimeout(() => {
      const tick = this.runExclusive(job.name, job.run)
        .catch((error: unknown) =>
          this.logger.warn({ err: error, job: job.name }, 'scheduled job failed; next tick retries'),
        )
        .finally(() => {
          this.inFlight.delete(tick);
          if (this.running) this.schedule(job);
        });
      this.inFlight.add(tick);
    }, job.intervalMs);
  }
}
