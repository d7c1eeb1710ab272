import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { Page, PageQuery } from '../common/page';
import { STEP_CODES, StepActor, StepCode } from '../steps/step.types';
import { CaseSummaryView } from './application.view';
import { APPLICATION_STATUSES, ApplicationStatus } from './intake.events';
import { IsLocalGovernmentCode } from './local-government-code';

/** Cases the caller may see: operators all, applicants their organisation's, contractors those naming them. */
export namespace ApplicationList {
  export const subject = 'intake.application.list';

  export class Query extends PageQuery {
    @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
    @IsOptional()
    @IsIn(APPLICATION_STATUSES)
    status?: ApplicationStatus;
    @ApiPropertyOptional({ example: '131016' }) @IsOptional() @IsLocalGovernmentCode() organizationCode?: string;
    @ApiPropertyOptional({ enum: STEP_CODES, description: 'Cases whose given step is open' })
    @IsOptional()
    @IsIn(STEP_CODES)
    step?: StepCode;
    @ApiPropertyOptional({ enum: ['operator', 'applicant'], description: 'Who must act next' })
    @IsOptional()
    @IsIn(['operator', 'applicant'])
    waitingFor?: StepActor;
    @ApiPropertyOptional({ description: 'Cases naming this contractor' })
    @IsOptional()
    @IsString()
    @MaxLength(64)
    contractorId?: string;
    @ApiPropertyOptional({
      description:
        'A reception number (受付番号, e.g. JPKI-2026-00042 or 2026-42), part of the organisation or verifier name, or a code prefix',
      example: '千代田',
    })
    @IsOptional()
    @IsString()
    @MaxLength(100)
    q?: string;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @ValidateNested() @Type(() => Query) query: Query;
  }

  export type Response = Page<CaseSummaryView>;
}
