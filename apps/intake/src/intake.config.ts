import { Expose, Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { ActionContact, LGWAN_CENTER_NAME } from '@jlis/contracts';
import { ServiceConfig } from '@jlis/runtime';

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

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

  /**
   * The LGWAN 全国センター's internet-side and LGWAN-side addresses, which the LGPKI task's next action names (R9). The
   * same variables as notifications' (its A-2 letter names them too): one setting for both; the seed's by default.
   */
  @Expose()
  @Matches(ADDRESS, { message: 'LGWAN_CENTER_EMAIL must be an e-mail address such as LGPKI@j-lis.go.jp' })
  LGWAN_CENTER_EMAIL = 'LGPKI@j-lis.go.jp';

  @Expose()
  @Matches(ADDRESS, { message: 'LGWAN_CENTER_LGWAN_EMAIL must be an e-mail address such as cvs-info@j-lis.lgwan.jp' })
  LGWAN_CENTER_LGWAN_EMAIL = 'cvs-info@j-lis.lgwan.jp';

  get lgwanCenterContacts(): ActionContact[] {
    return [
      { name: LGWAN_CENTER_NAME, email: this.LGWAN_CENTER_EMAIL, network: 'internet' },
      { name: LGWAN_CENTER_NAME, email: this.LGWAN_CENTER_LGWAN_EMAIL, network: 'lgwan' },
    ];
  }
}
