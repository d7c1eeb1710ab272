import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { FileRef, FileView } from './file-ref';

export type SubmissionStatus = 'received' | 'accepted' | 'returned';

export interface ReviewView {
  decision: 'accepted' | 'returned';
  reasons: { field?: string; message: string }[];
  sealConfirmed: boolean | null;
  reviewedBy: string;
  reviewedAt: string;
}

export interface SubmissionView {
  id: string;
  applicationId: string;
  form: string;
  series: number;
  round: number;
  status: SubmissionStatus;
  fields: Record<string, unknown>;
  file: FileView;
  /** The returned round this one answers (round > 1). */
  answers: string | null;
  /** the accepted submission of an earlier series this one replaces. */
  supersedes: string | null;
  submittedBy: string;
  submittedAt: string;
  review: ReviewView | null;
  contentPath: string;
}

/** The multipart fields of `POST /applications/{id}/submissions` (the file goes to the Object Store). */
export class SubmissionBody {
  @ApiProperty({ example: 'A-03-1', description: 'form code of the catalogue' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,20}$/, { message: 'form must be a form code such as A-03-1' })
  form: string;
  @ApiProperty({
    description: 'the form\'s structured fields (JSON object; see api.md "Fields per form")',
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  fields: Record<string, unknown>;
}

export namespace SubmissionCreate {
  export const subject = 'documents.submission.create';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => SubmissionBody) body: SubmissionBody;
    @ValidateNested() @Type(() => FileRef) file: FileRef;
  }
  export type Response = { id: string; form: string; series: number; round: number; status: 'received' };
}
