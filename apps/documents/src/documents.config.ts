import { Expose, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@jlis/runtime';

/** The documents service's variables on top of every service's (README.md § Configuration, docs/documents.md). */
export class DocumentsConfig extends ServiceConfig {
  /**
   * Business days (Japan) a submission may wait for J-LIS's review before the J-LIS mailbox is reminded; a further
   * reminder each further period while it still waits.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'REVIEW_SLA_BUSINESS_DAYS must be a whole number of business days' })
  @Min(1, { message: 'REVIEW_SLA_BUSINESS_DAYS must be at least 1' })
  @Max(60, { message: 'REVIEW_SLA_BUSINESS_DAYS must be at most 60' })
  REVIEW_SLA_BUSINESS_DAYS = 5;

  /** How often the review reminders are looked for (one instance at a time). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'REMINDER_CHECK_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'REMINDER_CHECK_INTERVAL_MS must be at least 100' })
  REMINDER_CHECK_INTERVAL_MS = 3_600_000;
}
