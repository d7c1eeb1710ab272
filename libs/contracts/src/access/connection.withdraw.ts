import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import type { ConnectionView } from './access.views';

/** DELETE /connections/{connId} (that contractor, operator). */
export namespace ConnectionWithdraw {
  export const subject = 'access.connection.withdraw';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() connectionId: string;
  }
  export type Response = ConnectionView;
}
