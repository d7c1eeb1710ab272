import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  AgreementBody,
  AgreementContent,
  AgreementCreate,
  AgreementGet,
  AnswerBody,
  Caller,
  CaseParties,
  QuestionAnswer,
  QuestionBody,
  QuestionContent,
  QuestionCreate,
  QuestionList,
  QuestionListQuery,
} from '@jlis/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowRoles, CaseRoute, CurrentCaller, CurrentCase, IdempotencyKey } from '../auth/auth.decorators';
import { UuidParam } from '../common/uuid-param.pipe';
import { ApiFileResponse, DOCUMENT_KINDS, DocumentsHttp, FILE_PROBLEMS, validBody } from './documents.http';
import { isMultipart } from './multipart-upload';
import { FILE_SCHEMA } from './forms.controller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './documents.responses';

/** Q&A (R7, A-7) and the agreement (協定書) that ends it. */
@ApiTags('documents')
@ApiExtraModels(QuestionBody, AgreementBody)
@Controller()
export class QaAgreementController {
  constructor(private readonly http: DocumentsHttp) {}

  /** JSON body, or multipart with the same fields and an optional `file`. */
  private async jsonOrMultipart<B extends object, R>(
    req: FastifyRequest,
    cls: new () => B,
    run: (body: B, file: unknown) => Promise<R>,
  ): Promise<R> {
    if (isMultipart(req)) {
      return this.http.withUpload(req, DOCUMENT_KINDS, false, async (upload) =>
        run(await validBody(cls, upload.fields), upload.file),
      );
    }
    return run(await validBody(cls, req.body), undefined);
  }

  @Post('applications/:id/questions')
  @HttpCode(201)
  @AllowRoles('applicant')
  @CaseRoute()
  @ApiOperation({ summary: 'Ask a question (JSON, or multipart with the A-07 sheet as file)' })
  @ApiCreatedResponse({ type: R.QuestionView })
  @ApiProblems(...FILE_PROBLEMS, 'QA_CLOSED', 'CASE_NOT_QUALIFIED')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(QuestionBody) },
        {
          type: 'object',
          required: ['subject', 'body'],
          properties: { subject: { type: 'string' }, body: { type: 'string' }, file: FILE_SCHEMA },
        },
      ],
    },
  })
  ask(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Req() req: FastifyRequest,
  ): Promise<QuestionCreate.Response> {
    return this.jsonOrMultipart(req, QuestionBody, (body, file) =>
      this.http.rpc.request(QuestionCreate.subject, {
        caller,
        applicationId: parties.applicationId,
        idempotencyKey,
        body,
        ...(file ? { file } : {}),
      }),
    );
  }

  @Get('applications/:id/questions')
  @CaseRoute()
  @ApiOperation({ summary: 'Questions of the case with their answers; open ones visible (filter status=open)' })
  @ApiOkResponse({ type: R.QuestionPage })
  questions(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @Query() query: QuestionListQuery,
  ): Promise<QuestionList.Response> {
    return this.http.rpc.request(QuestionList.subject, { caller, applicationId: parties.applicationId, query });
  }

  @Post('questions/:qid/answers')
  @HttpCode(201)
  @AllowRoles('operator')
  @ApiOperation({ summary: 'Answer a question' })
  @ApiCreatedResponse({ type: R.QuestionView })
  @ApiProblems('QA_CLOSED')
  answer(
    @CurrentCaller() caller: Caller,
    @Param('qid', new UuidParam('qid')) questionId: string,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Body() body: AnswerBody,
  ): Promise<QuestionAnswer.Response> {
    return this.http.rpc.request(QuestionAnswer.subject, { caller, questionId, idempotencyKey, body });
  }

  @Get('questions/:qid/content')
  @ApiOperation({ summary: 'The A-07 sheet attached to a question' })
  @ApiFileResponse(DOCUMENT_KINDS)
  async questionContent(
    @CurrentCaller() caller: Caller,
    @Param('qid', new UuidParam('qid')) questionId: string,
    @Res() res: FastifyReply,
  ): Promise<void> {
    await this.http.download(QuestionContent.subject, { caller, questionId }, res);
  }

  @Post('applications/:id/agreement')
  @HttpCode(201)
  @AllowRoles('operator')
  @CaseRoute()
  @ApiOperation({
    summary:
      'Record the agreement (JSON, or multipart with the signed file); recording again amends it (a new version; the latest counts)',
  })
  @ApiCreatedResponse({ type: R.AgreementView })
  @ApiProblems(...FILE_PROBLEMS, 'CASE_NOT_QUALIFIED')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(AgreementBody) },
        {
          type: 'object',
          required: ['signedOn', 'effectiveFrom'],
          properties: {
            signedOn: { type: 'string', format: 'date' },
            effectiveFrom: { type: 'string', format: 'date' },
            file: FILE_SCHEMA,
          },
        },
      ],
    },
  })
  conclude(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Req() req: FastifyRequest,
  ): Promise<AgreementCreate.Response> {
    return this.jsonOrMultipart(req, AgreementBody, (body, file) =>
      this.http.rpc.request(AgreementCreate.subject, {
        caller,
        applicationId: parties.applicationId,
        idempotencyKey,
        body,
        ...(file ? { file } : {}),
      }),
    );
  }

  @Get('applications/:id/agreement')
  @CaseRoute()
  @ApiOperation({ summary: 'The agreement in force (latest version) with every version' })
  @ApiOkResponse({ type: R.AgreementView })
  agreement(@CurrentCaller() caller: Caller, @CurrentCase() parties: CaseParties): Promise<AgreementGet.Response> {
    return this.http.rpc.request(AgreementGet.subject, { caller, applicationId: parties.applicationId });
  }

  @Get('applications/:id/agreement/versions/:version/content')
  @CaseRoute()
  @ApiOperation({ summary: 'The signed agreement file of a version (`latest` allowed)' })
  @ApiFileResponse(DOCUMENT_KINDS)
  async agreementContent(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @Param('version') version: string,
    @Res() res: FastifyReply,
  ): Promise<void> {
    await this.http.download(AgreementContent.subject, { caller, applicationId: parties.applicationId, version }, res);
  }
}
