import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { Page, PageQuery } from '../common/page';

/** What a download served (R4: who read what). */
export const DOWNLOAD_KINDS = ['template', 'submission', 'contractor-nda', 'question', 'agreement'] as const;
export type DownloadKind = (typeof DOWNLOAD_KINDS)[number];

/** One file handed out: who, when, which file, for which case. */
export interface DownloadView {
  id: string;
  at: string;
  kind: DownloadKind;
  /** The submission, question or NDA id, `A-03-1@3` for a template, the agreement's version for an agreement. */
  ref: string;
  filename: string;
  sha256: string;
  /** The case the file belongs to (null for templates, which belong to no case). */
  applicationId: string | null;
  receptionNumber: string | null;
  by: { sub: string; role: string; name: string | null; organizationCode: string | null; contractorId: string | null };
}

/** GET /downloads and /applications/{id}/downloads (operators): the record of every file handed out, newest first. */
export namespace DownloadList {
  export const subject = 'documents.download.list';

  @ApiSchema({ name: 'DownloadListQuery' })
  export class Query extends PageQuery {
    @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() applicationId?: string;
    @ApiPropertyOptional({ enum: DOWNLOAD_KINDS }) @IsOptional() @IsIn(DOWNLOAD_KINDS) kind?: DownloadKind;
  }
  export class Request extends Query {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }
  export type Response = Page<DownloadView>;
}
