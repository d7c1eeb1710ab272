import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import type { ConnectionView } from './access.views';

/** GET /contractors/{cid}/connections (that contractor, operator, applicants whose case names it). */
export namespace ConnectionList {
  export const subject = 'access.connection.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() contractorId: string;
  }
  export type Response = { items: ConnectionView[] };
}
