import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ServiceConfig } from '../config/service.config';
import type { Logger } from '../logging/logger';
import { ScheduledJob } from '../scheduling/scheduled-job';
import { Scheduler } from '../scheduling/scheduler';
import { LOGGER } from '../service/tokens';
import { prune, PruneRule } from './prune';

const HOUR_MS = 3_600_000;

/**
 * What every service keeps only for a while, pruned on a schedule: Idempotency-Keys after IDEMPOTENCY_TTL_HOURS,
 * published outbox rows after OUTBOX_RETENTION_HOURS (unpublished and parked rows stay), inbox rows after
 * INBOX_RETENTION_HOURS (0: kept), which configuration keeps longer than any redelivery of the EVENTS stream.
 */
@Injectable()
export class RetentionJob extends ScheduledJob {
  protected readonly name = 'retention';
  protected readonly intervalMs: number;

  constructor(
    scheduler: Scheduler,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super(scheduler);
    this.intervalMs = config.RETENTION_JOB_INTERVAL_MS;
  }

  rules(): PruneRule[] {
    const c = this.config;
    const rules: PruneRule[] = [
      { table: 'idempotency_key', column: 'created_at', olderThanMs: c.IDEMPOTENCY_TTL_HOURS * HOUR_MS },
      { table: 'outbox', column: 'published_at', olderThanMs: c.OUTBOX_RETENTION_HOURS * HOUR_MS },
    ];
    if (c.INBOX_RETENTION_HOURS > 0)
      rules.push({ table: 'inbox', column: 'processed_at', olderThanMs: c.INBOX_RETENTION_HOURS * HOUR_MS });
    return rules;
  }

  protected async run(): Promise<void> {
    for (const rule of this.rules()) {
      const pruned = await prune(this.dataSource, rule);
      if (pruned > 0) this.logger.info({ table: rule.table, pruned }, 'pruned rows past their retention');
    }
  }
}
