import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { Caller, CaseParties } from '../caller';

/** Who the parties of a case are; the gateway asks this before any `/applications/{id}/…` route. */
export namespace ApplicationParties {
  export const subject = 'intake.application.parties';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
  }
  export type Response = CaseParties;
}
