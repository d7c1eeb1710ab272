import { Type } from 'class-transformer';
import { IsIn, IsUUID, ValidateNested } from 'class-validator';
import { Caller, CaseReach } from '../caller';

/**
 * Whether the caller reaches that far into a case (`isCaseParty` at `reach`), asked of documents because it keeps
 * what decides a contractor's cover (the NDA, the accepted A-03-2). The gateway asks it for `confidential` case
 * routes of other services (the timeline); NOT_FOUND or CONTRACTOR_NDA_REQUIRED when not.
 */
export namespace CaseReachCheck {
  export const subject = 'documents.case.reach';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @IsIn(['case', 'confidential']) reach: CaseReach;
  }
  export type Response = { reached: true };
}
