import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { ServiceName } from '../health/health.check';
import { DeadLetterView } from './dead-letter.view';

/** Gives up on a dead letter, with a reason that is kept in its history (the letter itself stays, as history). */
export namespace DeadLetterDiscard {
  export const subject = (service: ServiceName): string => `${service}.dead-letter.discard`;

  @ApiSchema({ name: 'DeadLetterDiscardBody' })
  export class Body {
    @ApiProperty({ maxLength: 1000, example: '重複した手動登録のため破棄 / duplicate of a manual correction' })
    @IsString()
    @Matches(/\S/, { message: 'reason must say why the dead letter is discarded' })
    @MaxLength(1000)
    reason: string;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() id: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }

  export type Response = DeadLetterView;
}
