import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { FileRef, FileView } from './file-ref';

export interface AgreementVersionView {
  id: string;
  version: number;
  signedOn: string;
  effectiveFrom: string;
  file: FileView | null;
  contentPath: string | null;
  recordedBy: string;
  recordedAt: string;
}

/** The latest version counts; earlier ones are kept. */
export interface AgreementView extends AgreementVersionView {
  applicationId: string;
  versions: AgreementVersionView[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export class AgreementBody {
  @ApiProperty({ example: '2027-01-15' }) @Matches(DATE, { message: 'signedOn must be YYYY-MM-DD' }) signedOn: string;
  @ApiProperty({ example: '2027-02-01', description: 'Article 13 (効力) effective date' })
  @Matches(DATE, { message: 'effectiveFrom must be YYYY-MM-DD' })
  effectiveFrom: string;
}

/** The agreement (協定書), recorded or amended (A-7 end). */
export namespace AgreementCreate {
  export const subject = 'documents.agreement.create';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => AgreementBody) body: AgreementBody;
    @IsOptional() @ValidateNested() @Type(() => FileRef) file?: FileRef;
  }
  export type Response = AgreementView;
}

export namespace AgreementGet {
  export const subject = 'documents.agreement.get';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
  }
  export type Response = AgreementView;
}

export namespace AgreementContent {
  export const subject = 'documents.agreement.content';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @IsString() @Matches(/^(latest|[1-9]\d{0,5})$/) version: string;
  }
}

export interface TemplateDispatchView {
  form: string;
  nameJa: string;
  version: number;
  downloadPath: string | null;
  recipients: string[];
  dispatchedAt: string;
}

/** Which template versions went to the case at A-2. */
export namespace TemplateDispatchList {
  export const subject = 'documents.template-dispatch.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
  }
  export type Response = { items: TemplateDispatchView[]; total: number };
}
