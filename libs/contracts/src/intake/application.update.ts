import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { CaseView } from './application.view';

/** PATCH of the case's own fields: whether the online test environment is wanted. */
export namespace ApplicationUpdate {
  export const subject = 'intake.application.update';

  @ApiSchema({ name: 'ApplicationUpdateBody' })
  export class Body {
    @ApiProperty({ description: 'false: A-8 and A-9 become not-needed' }) @IsBoolean() wantsOnlineTest: boolean;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }

  export type Response = CaseView;
}
