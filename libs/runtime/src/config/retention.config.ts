import { Expose, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS } from '../data/data-source';
import { DUPLICATE_WINDOW_MS } from '../messaging/jetstream';

const HOUR_MS = 3_600_000;

/**
 * How long a service keeps what it only keeps for safety (Idempotency-Keys, delivered outbox rows, inbox rows), how
 * long the EVENTS stream keeps events, and the Postgres timeouts of every connection. Read by every service and by
 * provisioning (npm run migrate, npm start), which sets the stream's max_age. Documented in README § Configuration.
 */
export class RetentionSettings {
  /** How long an Idempotency-Key answers a repeated request; pruned by the retention job after that. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'IDEMPOTENCY_TTL_HOURS must be a whole number of hours' })
  @Min(1, { message: 'IDEMPOTENCY_TTL_HOURS must be at least 1' })
  @Max(8760, { message: 'IDEMPOTENCY_TTL_HOURS must be at most 8760 (a year)' })
  IDEMPOTENCY_TTL_HOURS = 24;

  /** How long an outbox row is kept once published (parked rows are kept until an operator acts). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'OUTBOX_RETENTION_HOURS must be a whole number of hours' })
  @Min(1, { message: 'OUTBOX_RETENTION_HOURS must be at least 1' })
  @Max(87_600, { message: 'OUTBOX_RETENTION_HOURS must be at most 87600 (ten years)' })
  OUTBOX_RETENTION_HOURS = 168;

  /**
   * How long the id of an applied event is kept (0 = for ever). It must outlive every redelivery JetStream can still
   * make: EVENTS_MAX_AGE_HOURS plus the stream's duplicate window (checked below).
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'INBOX_RETENTION_HOURS must be a whole number of hours' })
  @Min(0, { message: 'INBOX_RETENTION_HOURS must be 0 (keep for ever) or more' })
  @Max(87_600, { message: 'INBOX_RETENTION_HOURS must be at most 87600 (ten years)' })
  INBOX_RETENTION_HOURS = 744;

  /** The EVENTS stream's max_age, set by provisioning (0 = no limit). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'EVENTS_MAX_AGE_HOURS must be a whole number of hours' })
  @Min(0, { message: 'EVENTS_MAX_AGE_HOURS must be 0 (no limit) or more' })
  @Max(87_600, { message: 'EVENTS_MAX_AGE_HOURS must be at most 87600 (ten years)' })
  EVENTS_MAX_AGE_HOURS = 720;

  /** How often the retention job prunes (one instance at a time). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'RETENTION_JOB_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(1000, { message: 'RETENTION_JOB_INTERVAL_MS must be at least 1000' })
  @Max(86_400_000, { message: 'RETENTION_JOB_INTERVAL_MS must be at most 86400000 (a day)' })
  RETENTION_JOB_INTERVAL_MS = HOUR_MS;

  /** Postgres statement_timeout of every service connection (0 = none). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'DATABASE_STATEMENT_TIMEOUT_MS must be 0 (none) or more' })
  @Max(3_600_000, { message: 'DATABASE_STATEMENT_TIMEOUT_MS must be at most 3600000' })
  DATABASE_STATEMENT_TIMEOUT_MS = DEFAULT_STATEMENT_TIMEOUT_MS;

  /** Postgres lock_timeout of every service connection (0 = none). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'DATABASE_LOCK_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'DATABASE_LOCK_TIMEOUT_MS must be 0 (none) or more' })
  @Max(3_600_000, { message: 'DATABASE_LOCK_TIMEOUT_MS must be at most 3600000' })
  DATABASE_LOCK_TIMEOUT_MS = DEFAULT_LOCK_TIMEOUT_MS;

  crossCheck(): string[] {
    return retentionOrderProblems(this);
  }

  /** The stream's max_age in milliseconds (0 = no limit). */
  get eventsMaxAgeMs(): number {
    return this.EVENTS_MAX_AGE_HOURS * HOUR_MS;
  }
}

/**
 * Inbox rows must outlive every redelivery (stream max_age + duplicate window), never the reverse: an event still in
 * the stream whose inbox row was pruned would be applied twice.
 */
export function retentionOrderProblems(
  s: Pick<RetentionSettings, 'INBOX_RETENTION_HOURS' | 'EVENTS_MAX_AGE_HOURS'>,
): string[] {
  const inboxForever = s.INBOX_RETENTION_HOURS === 0;
  const streamForever = s.EVENTS_MAX_AGE_HOURS === 0;
  if (inboxForever) return [];
  if (streamForever || s.INBOX_RETENTION_HOURS * HOUR_MS < s.EVENTS_MAX_AGE_HOURS * HOUR_MS + DUPLICATE_WINDOW_MS)
    return [
      `INBOX_RETENTION_HOURS (${s.INBOX_RETENTION_HOURS}) must be at least EVENTS_MAX_AGE_HOURS (${
        streamForever ? '0, no limit' : s.EVENTS_MAX_AGE_HOURS
      }) plus the stream's ${DUPLICATE_WINDOW_MS / 60_000}-minute duplicate window (0 keeps inbox rows for ever): an event the stream can still redeliver must still be known as applied.`,
    ];
  return [];
}
