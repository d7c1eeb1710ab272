import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Caller,
  CaseParties,
  ReviewBody,
  SubmissionBody,
  SubmissionContent,
  SubmissionCreate,
  SubmissionList,
  SubmissionListQuery,
  SubmissionReview,
} from '@jlis/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowRoles, CaseRoute, CurrentCaller, CurrentCase, IdempotencyKey } from '../auth/auth.decorators';
import { UuidParam } from '../common/uuid-param.pipe';
import {
  ApiFileResponse,
  DOCUMENT_KINDS,
  DocumentsHttp,
  FILE_PROBLEMS,
  parseJsonField,
  validBody,
} from './documents.http';
import { FILE_SCHEMA } from './forms.controller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './documents.responses';

/** Submissions with review rounds and their review (A-4 …). */
@ApiTags('documents')
@Controller()
export class SubmissionsController {
  constructor(private readonly http: DocumentsHttp) {}

  @Post('applications/:id/submissions')
  @HttpCode(201)
  @AllowRoles('applicant', 'operator')
  @CaseRoute()
  @ApiOperation({
    summary:
      "Submit a form (multipart: form, fields as JSON text, file); a returned form's next round, or a new series after acceptance where allowed",
  })
  @ApiCreatedResponse({ type: R.SubmissionReceipt })
  @ApiProblems(
    ...FILE_PROBLEMS,
    'UNKNOWN_FORM',
    'FORM_NOT_SUBMITTED_HERE',
    'UNKNOWN_SPEC_ITEM',
    'UNKNOWN_PROVISION_METHOD',
    'UNKNOWN_CARD_KIND',
    'UNKNOWN_CONTRACTOR',
    'UNKNOWN_CONNECTION',
    'SUBMISSION_CONNECTION_WITHDRAWN',
    'CONNECTION_NOT_OF_CONTRACTOR',
    'SUBMISSION_CONNECTION_WRONG_ENVIRONMENT',
    'CONTRACTOR_NOT_NAMED_BY_CASE',
    'CASE_NAMES_NO_CONTRACTOR',
    'PROVISION_METHODS_MISMATCH',
    'SUBMISSION_AWAITING_REVIEW',
    'SUBMISSION_ALREADY_ACCEPTED',
    'CASE_NOT_QUALIFIED',
    'ACCESS_START_WITHOUT_AGREEMENT',
    'ACCESS_START_BEFORE_AGREEMENT',
    'CHANGE_REASON_MISMATCH',
    'PRECONDITION_NOT_YET_KNOWN',
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['form', 'fields', 'file'],
      properties: {
        form: { type: 'string', example: 'A-03-1' },
        fields: { type: 'string', description: 'JSON object of the form\'s fields, e.g. {"items":["server-spec"]}' },
        file: FILE_SCHEMA,
      },
    },
  })
  create(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Req() req: FastifyRequest,
  ): Promise<SubmissionCreate.Response> {
    return this.http.withUpload(req, DOCUMENT_KINDS, true, async (upload) => {
      const body = await validBody(SubmissionBody, {
        ...upload.fields,
        fields: parseJsonField(upload.fields, 'fields'),
      });
      return this.http.rpc.request(SubmissionCreate.subject, {
        caller,
        applicationId: parties.applicationId,
        idempotencyKey,
        body,
        file: upload.file,
      });
    });
  }

  @Get('applications/:id/submissions')
  @CaseRoute()
  @ApiOperation({ summary: 'Every round of every form of the case (filter `form`)' })
  @ApiOkResponse({ type: R.SubmissionPage })
  list(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @Query() query: SubmissionListQuery,
  ): Promise<SubmissionList.Response> {
    return this.http.rpc.request(SubmissionList.subject, { caller, applicationId: parties.applicationId, query });
  }

  @Get('submissions/:sid/content')
  @ApiOperation({ summary: 'The exact bytes uploaded with a submission' })
  @ApiFileResponse(DOCUMENT_KINDS)
  async content(
    @CurrentCaller() caller: Caller,
    @Param('sid', new UuidParam('sid')) submissionId: string,
    @Res() res: FastifyReply,
  ): Promise<void> {
    await this.http.download(SubmissionContent.subject, { caller, submissionId }, res);
  }

  @Post('submissions/:sid/review')
  @HttpCode(200)
  @AllowRoles('operator')
  @ApiOperation({
    summary:
      'Accept or return a submission awaiting review (reasons per field when returned; sealConfirmed for A-11-2)',
  })
  @ApiOkResponse({ type: R.SubmissionView })
  @ApiProblems(
    'SUBMISSION_NOT_AWAITING_REVIEW',
    'RETURN_REASONS_REQUIRED',
    'RETURN_REASON_UNKNOWN_FIELD',
    'SUBMISSION_SEAL_NOT_CONFIRMED',
    'ACCESS_START_WITHOUT_AGREEMENT',
    'ACCESS_START_BEFORE_AGREEMENT',
    'SUBMISSION_CONNECTION_WITHDRAWN',
    'CONNECTION_NOT_OF_CONTRACTOR',
    'CASE_NAMES_NO_CONTRACTOR',
  )
  review(
    @CurrentCaller() caller: Caller,
    @Param('sid', new UuidParam('sid')) submissionId: string,
    @Body() body: ReviewBody,
  ): Promise<SubmissionReview.Response> {
    return this.http.rpc.request(SubmissionReview.subject, { caller, submissionId, body });
  }
}
