import { Expose, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@jlis/runtime';

/** The intake service's variables on top of every service's (README.md § Configuration, docs/intake.md). */
export class IntakeConfig extends ServiceConfig {
  /**
   * Business days (Japan) a qualified case may wait on the applicant alone, with no step by anyone, before its contacts
   * are reminded; a further reminder each further period while nothing moves.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'STALLED_BUSINESS_DAYS must be a whole number of business days' })
  @Min(1, { message: 'STALLED_BUSINESS_DAYS must be at least 1' })
  @Max(250, { message: 'STALLED_BUSINESS_DAYS must be at most 250' })
  STALLED_BUSINESS_DAYS = 20;

  /** How often stalled cases are looked for (one instance at a time). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'REMINDER_CHECK_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'REMINDER_CHECK_INTERVAL_MS must be at least 100' })
  REMINDER_CHECK_INTERVAL_MS = 3_600_000;
}
