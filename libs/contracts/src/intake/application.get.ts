import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { CaseView } from './application.view';

/** The case view of one case (parties only). */
export namespace ApplicationGet {
  export const subject = 'intake.application.get';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
  }
  export type Response = CaseView;
}
