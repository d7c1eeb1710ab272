import { Expose, Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { ServiceConfig } from '@jlis/runtime';

/** The access service's variables on top of every service's (README.md § Configuration, docs/access.md). */
export class AccessConfig extends ServiceConfig {
  /**
   * People who decide a production grant, a suspension or a revocation together: the proposer and
   * APPROVALS_REQUIRED − 1 other operators. 1 (one person alone) only on a developer's machine.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'APPROVALS_REQUIRED must be a whole number of people' })
  @Min(1, { message: 'APPROVALS_REQUIRED must be at least 1' })
  @Max(5, { message: 'APPROVALS_REQUIRED must be at most 5' })
  APPROVALS_REQUIRED = 2;

  /**
   * The TrueType font the approved A-11-2 PDF is set in: IPAex Gothic from Debian's fonts-ipaexfont-gothic (installed
   * by the Dockerfile, and by `npm test` / `.ci/run` through scripts/lib/system-deps.js).
   */
  @Expose()
  @IsString()
  @MinLength(1, { message: 'APPROVAL_DOCUMENT_FONT must name a TrueType font file' })
  APPROVAL_DOCUMENT_FONT = '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf';

  /**
   * Worker threads that render approved A-11-2 PDFs (ApprovalDocumentRenderer), so pdfkit does not hold the service's
   * event loop. One keeps the loop free; more only help when many approvals arrive at once on a machine with cores
   * to spare.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'APPROVAL_DOCUMENT_RENDER_THREADS must be a whole number of threads' })
  @Min(1, { message: 'APPROVAL_DOCUMENT_RENDER_THREADS must be at least 1' })
  @Max(4, { message: 'APPROVAL_DOCUMENT_RENDER_THREADS must be at most 4' })
  APPROVAL_DOCUMENT_RENDER_THREADS = 1;

  /** Days a test grant runs from its start before it ends by itself, unless an operator extends it. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'TEST_ACCESS_DAYS must be a whole number of days' })
  @Min(1, { message: 'TEST_ACCESS_DAYS must be at least 1' })
  @Max(3660, { message: 'TEST_ACCESS_DAYS must be at most 3660' })
  TEST_ACCESS_DAYS = 180;

  /** Days before a test grant ends that its case and contractor are told (a week). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'TEST_ACCESS_NOTICE_DAYS must be a whole number of days' })
  @Min(1, { message: 'TEST_ACCESS_NOTICE_DAYS must be at least 1' })
  @Max(90, { message: 'TEST_ACCESS_NOTICE_DAYS must be at most 90' })
  TEST_ACCESS_NOTICE_DAYS = 7;

  /** How often test terms are looked at (notices and ends; one instance at a time). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'REMINDER_CHECK_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'REMINDER_CHECK_INTERVAL_MS must be at least 100' })
  REMINDER_CHECK_INTERVAL_MS = 3_600_000;

  override crossCheck(): string[] {
    const problems = super.crossCheck();
    if (this.APPROVALS_REQUIRED < 2 && !this.developmentAuth)
      problems.push(
        'APPROVALS_REQUIRED=1 is allowed only with AUTH_MODE=development: production access is decided by two operators.',
      );
    return problems;
  }
}
