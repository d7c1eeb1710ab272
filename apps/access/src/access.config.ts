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

  override crossCheck(): string[] {
    const problems = super.crossCheck();
    if (this.APPROVALS_REQUIRED < 2 && !this.developmentAuth)
      problems.push(
        'APPROVALS_REQUIRED=1 is allowed only with AUTH_MODE=development: production access is decided by two operators.',
      );
    return problems;
  }
}
