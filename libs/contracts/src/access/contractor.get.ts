import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import type { ContractorView } from './access.views';

/** GET /contractors/{cid} (operator, that contractor, applicants whose case names it). */
export namespace ContractorGet {
  export const subject = 'access.contractor.get';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() contractorId: string;
  }
  export type Response = ContractorView;
}
