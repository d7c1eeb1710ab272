import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';

/**
 * GET /access-grants/{gid}/approval-document (the case's parties): the approved A-11-2 (申請書兼承認書) of a production
 * grant as a PDF, rendered once the grant's decision was approved.
 */
export namespace ApprovalDocumentGet {
  export const subject = 'access.approval-document.get';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() grantId: string;
  }
  export type Response = { filename: string; contentType: 'application/pdf'; contentBase64: string };
}
