import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, DownloadList, PageQuery } from '@jlis/contracts';
import { AllowRoles, CaseRoute, CurrentCaller } from '../auth/auth.decorators';
import { DocumentsHttp } from './documents.http';
import * as R from './documents.responses';

/** R4, who read what: every template, submission, NDA, Q&A sheet and agreement file handed out, for operators. */
@ApiTags('documents')
@Controller()
export class DownloadsController {
  constructor(private readonly http: DocumentsHttp) {}

  @Get('downloads')
  @AllowRoles('operator')
  @ApiOperation({
    summary:
      'R4: every file download (template, submission, NDA, Q&A sheet, agreement) — who, when, which file, for which case; newest first, filtered by applicationId and kind',
  })
  @ApiOkResponse({ type: R.DownloadPage })
  list(@CurrentCaller() caller: Caller, @Query() query: DownloadList.Query) {
    return this.http.rpc.request<DownloadList.Response>(DownloadList.subject, { caller, ...query });
  }

  @Get('applications/:id/downloads')
  @AllowRoles('operator')
  @CaseRoute()
  @ApiOperation({ summary: "R4: the case's file downloads — who, when, which file; newest first" })
  @ApiOkResponse({ type: R.DownloadPage })
  forCase(@CurrentCaller() caller: Caller, @Param('id') applicationId: string, @Query() query: PageQuery) {
    return this.http.rpc.request<DownloadList.Response>(DownloadList.subject, { caller, ...query, applicationId });
  }
}
