import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { PageQuery } from '../common/page';
import { FileRef, FileView } from './file-ref';

export interface ContractorNdaView {
  id: string;
  organizationCode: string;
  contractorId: string;
  signedOn: string;
  file: FileView;
  recordedBy: string;
  recordedAt: string;
  /** The case it was recorded through (it counts for every case of the organisation naming the contractor). */
  applicationId: string;
}

/** Multipart fields of `POST /applications/{id}/contractor-ndas` (R4). */
export class ContractorNdaBody {
  @ApiProperty() @IsUUID() contractorId: string;
  @ApiProperty({ example: '2026-12-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'signedOn must be YYYY-MM-DD' })
  signedOn: string;
}

export namespace ContractorNdaCreate {
  export const subject = 'documents.contractor-nda.create';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => ContractorNdaBody) body: ContractorNdaBody;
    @ValidateNested() @Type(() => FileRef) file: FileRef;
  }
  export type Response = ContractorNdaView;
}

/** NDAs on file for the case: those of its organisation with the contractor it names. */
export namespace ContractorNdaList {
  export const subject = 'documents.contractor-nda.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => PageQuery) query: PageQuery;
  }
  export type Response = { items: ContractorNdaView[]; total: number; page: number; limit: number };
}

/** The signed NDA on file for the case's organisation and the contractor it names. */
export namespace ContractorNdaContent {
  export const subject = 'documents.contractor-nda.content';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
  }
}
