import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { PageQuery } from '../common/page';
import { SubmissionView } from './submission.create';

export class SubmissionListQuery extends PageQuery {
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/) form?: string;
}

/** Every round of every form of a case, oldest first. */
export namespace SubmissionList {
  export const subject = 'documents.submission.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => SubmissionListQuery) query: SubmissionListQuery;
  }
  export type Response = { items: SubmissionView[]; total: number; page: number; limit: number };
}

/** The metadata of a submission's file, after checking the caller is a party of its case. */
export namespace SubmissionContent {
  export const subject = 'documents.submission.content';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() submissionId: string;
  }
}
