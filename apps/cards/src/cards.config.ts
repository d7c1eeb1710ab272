import { Expose, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@jlis/runtime';

/** The cards service's variables on top of every service's (README.md § Configuration). */
export class CardsConfig extends ServiceConfig {
  /** Default loan term: expected return = shipped + this many calendar days, moved to the next business day. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'CARDS_LOAN_DAYS must be a whole number of days' })
  @Min(1, { message: 'CARDS_LOAN_DAYS must be at least 1' })
  @Max(366, { message: 'CARDS_LOAN_DAYS must be at most 366' })
  CARDS_LOAN_DAYS = 60;

  /** A further overdue reminder every this many business days after the first (the first comes on business day 1). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'CARDS_REMIND_EVERY_BUSINESS_DAYS must be a whole number' })
  @Min(1, { message: 'CARDS_REMIND_EVERY_BUSINESS_DAYS must be at least 1' })
  @Max(60, { message: 'CARDS_REMIND_EVERY_BUSINESS_DAYS must be at most 60' })
  CARDS_REMIND_EVERY_BUSINESS_DAYS = 5;

  /** How often the overdue and low-stock checks run (one instance at a time). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'CARDS_CHECK_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'CARDS_CHECK_INTERVAL_MS must be at least 100' })
  CARDS_CHECK_INTERVAL_MS = 60_000;

  /** How often waiting loans are swept for stock that a concurrent transaction freed (safety net; returns fill at once). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'CARDS_FILL_SWEEP_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'CARDS_FILL_SWEEP_MS must be at least 100' })
  CARDS_FILL_SWEEP_MS = 5_000;
}
