import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { CaseView } from './application.view';

export const QUALIFICATION_DECISIONS = ['qualified', 'rejected'] as const;
export type QualificationDecision = (typeof QUALIFICATION_DECISIONS)[number];

/** an operator confirms (or refuses) that the applicant qualifies as a verifier (R2). */
export namespace ApplicationQualify {
  export const subject = 'intake.application.qualify';

  @ApiSchema({ name: 'ApplicationQualifyBody' })
  export class Body {
    @ApiProperty({ enum: QUALIFICATION_DECISIONS }) @IsIn(QUALIFICATION_DECISIONS) decision: QualificationDecision;

    @ApiPropertyOptional({ description: 'Why; required when rejected (sent to the applicant)' })
    @ValidateIf((body: Body) => body.decision === 'rejected' || body.reason !== undefined)
    @IsString()
    @IsNotEmpty({ message: 'reason is required when the decision is rejected' })
    @MaxLength(2000)
    reason?: string;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }

  export type Response = CaseView;
}
