import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { CaseView } from './application.view';

/** The applicant (or an operator for it) withdraws a case that has not gone live. */
export namespace ApplicationWithdraw {
  export const subject = 'intake.application.withdraw';

  @ApiSchema({ name: 'ApplicationWithdrawBody' })
  export class Body {
    @ApiProperty({ description: 'Why the case is withdrawn' })
    @IsString()
    @IsNotEmpty()
    @MaxLength(2000)
    reason: string;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }

  export type Response = CaseView;
}
