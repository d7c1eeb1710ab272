import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Caller, FormList, TemplateContent, TemplateCreate, TemplateList } from '@jlis/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowRoles, CurrentCaller, IdempotencyKey } from '../auth/auth.decorators';
import { ApiFileResponse, DocumentsHttp, FILE_PROBLEMS, TEMPLATE_KINDS } from './documents.http';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './documents.responses';

export const FILE_SCHEMA = { type: 'string', format: 'binary' } as const;

/** The form catalogue and template versions. */
@ApiTags('documents')
@Controller()
export class FormsController {
  constructor(private readonly http: DocumentsHttp) {}

  @Get('forms')
  @ApiOperation({
    summary:
      'The form catalogue (code, names, step, when required, seal needed, latest template), with the spec-item and provision-method catalogues',
  })
  @ApiOkResponse({ type: R.FormCatalogue })
  forms(@CurrentCaller() caller: Caller): Promise<FormList.Response> {
    return this.http.rpc.request(FormList.subject, { caller });
  }

  @Post('forms/:code/templates')
  @HttpCode(201)
  @AllowRoles('operator')
  @ApiOperation({ summary: 'Upload a new template version of a form (PDF, DOCX or XLSX)' })
  @ApiCreatedResponse({ type: R.TemplateView })
  @ApiProblems(...FILE_PROBLEMS, 'UNKNOWN_FORM')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: FILE_SCHEMA } } })
  createTemplate(
    @CurrentCaller() caller: Caller,
    @Param('code') form: string,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Req() req: FastifyRequest,
  ): Promise<TemplateCreate.Response> {
    return this.http.withUpload(req, TEMPLATE_KINDS, true, (upload) =>
      this.http.rpc.request(TemplateCreate.subject, { caller, form, idempotencyKey, file: upload.file }),
    );
  }

  @Get('forms/:code/templates')
  @ApiOperation({ summary: 'Template versions of a form, newest first' })
  @ApiOkResponse({ type: R.TemplatePage })
  @ApiProblems('UNKNOWN_FORM')
  templates(@CurrentCaller() caller: Caller, @Param('code') form: string): Promise<TemplateList.Response> {
    return this.http.rpc.request(TemplateList.subject, { caller, form });
  }

  @Get('forms/:code/templates/:version/content')
  @ApiOperation({ summary: 'The file of a template version (`latest` allowed)' })
  @ApiParam({ name: 'version', description: 'a version number or "latest"' })
  @ApiFileResponse(TEMPLATE_KINDS)
  @ApiProblems('UNKNOWN_FORM', 'TEMPLATE_NOT_FOUND')
  async templateContent(
    @CurrentCaller() caller: Caller,
    @Param('code') form: string,
    @Param('version') version: string,
    @Res() res: FastifyReply,
  ): Promise<void> {
    await this.http.download(TemplateContent.subject, { caller, form, version }, res);
  }
}
