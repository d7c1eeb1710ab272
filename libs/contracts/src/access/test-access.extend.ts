import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { IsCalendarDate } from './corporate-number';

/** A test grant's term: it ends on `expiresOn` (the first day without access) unless an operator extends it. */
export interface TestAccessTermView {
  grantId: string;
  applicationId: string;
  effectiveOn: string;
  /** The first day without test access (effectiveOn + TEST_ACCESS_DAYS, or the latest extension). */
  expiresOn: string;
  /** Extensions, oldest first (append-only). */
  extensions: { expiresOn: string; reason: string; extendedBy: string; at: string }[];
}

/** POST /access-grants/{gid}/test-access-extension (operator): test access runs on until the new date. */
export namespace TestAccessExtend {
  export const subject = 'access.test-access.extend';
  @ApiSchema({ name: 'TestAccessExtendBody' })
  export class Body {
    @ApiProperty({
      example: '2027-06-30',
      description: 'the new first day without test access: later than the current one, not before today',
    })
    @IsCalendarDate()
    expiresOn: string;

    @ApiProperty({ example: '接続試験の追加実施のため / more connection tests' })
    @IsString()
    @MinLength(2)
    @MaxLength(1000)
    reason: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() grantId: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = TestAccessTermView;
}
