import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../access/corporate-number';
import { Caller } from '../caller';
import { CaseView } from './application.view';

/**
 * A-10 (テスト終了後): the applicant (or an operator for it) records that its test is finished. Recorded once; with the
 * cards back it completes A-10, and a case that wanted the online test gets production access only after it.
 */
export namespace ApplicationTestCompletion {
  export const subject = 'intake.application.test-completion';

  @ApiSchema({ name: 'ApplicationTestCompletionBody' })
  export class Body {
    @ApiProperty({ example: '2026-11-20', description: 'The day the test was finished (not in the future)' })
    @IsCalendarDate()
    completedOn: string;
    @ApiPropertyOptional({ description: 'What was tested, for the record', example: 'OCSP・CRL とも正常に応答' })
    @IsOptional()
    @IsString()
    @MaxLength(2000)
    note?: string;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }

  export type Response = CaseView;
}
