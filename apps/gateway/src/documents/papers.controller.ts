import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Caller,
  CaseParties,
  ContractorNdaBody,
  ContractorNdaContent,
  ContractorNdaCreate,
  ContractorNdaList,
  DisclosureBody,
  DisclosureCreate,
  DisclosureList,
  PageQuery,
  SpecDeliveryBody,
  SpecDeliveryCreate,
  SpecDeliveryDelivered,
  SpecDeliveryList,
  SpecReceiptBody,
} from '@jlis/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowRoles, CaseRoute, CurrentCaller, CurrentCase, IdempotencyKey } from '../auth/auth.decorators';
import { UuidParam } from '../common/uuid-param.pipe';
import { ApiFileResponse, DOCUMENT_KINDS, DocumentsHttp, FILE_PROBLEMS, validBody } from './documents.http';
import { FILE_SCHEMA } from './forms.controller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './documents.responses';

/** R4 (contractor NDAs, disclosures), R5 (spec deliveries, A-5) and the A-2 dispatch record. */
@ApiTags('documents')
@Controller()
export class PapersController {
  constructor(private readonly http: DocumentsHttp) {}

  @Post('applications/:id/contractor-ndas')
  @HttpCode(201)
  @AllowRoles('applicant', 'operator')
  @CaseRoute()
  @ApiOperation({
    summary:
      'R4: the NDA between the local government and the contractor its case names (one per organisation and contractor)',
  })
  @ApiCreatedResponse({ type: R.ContractorNdaView })
  @ApiProblems(
    ...FILE_PROBLEMS,
    'CONTRACTOR_NDA_EXISTS',
    'CONTRACTOR_NOT_NAMED_BY_CASE',
    'UNKNOWN_CONTRACTOR',
    'CASE_NAMES_NO_CONTRACTOR',
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['contractorId', 'signedOn', 'file'],
      properties: {
        contractorId: { type: 'string', format: 'uuid' },
        signedOn: { type: 'string', format: 'date' },
        file: FILE_SCHEMA,
      },
    },
  })
  createNda(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Req() req: FastifyRequest,
  ): Promise<ContractorNdaCreate.Response> {
    return this.http.withUpload(req, DOCUMENT_KINDS, true, async (upload) => {
      const body = await validBody(ContractorNdaBody, upload.fields);
      return this.http.rpc.request(ContractorNdaCreate.subject, {
        caller,
        applicationId: parties.applicationId,
        idempotencyKey,
        body,
        file: upload.file,
      });
    });
  }

  @Get('applications/:id/contractor-ndas')
  @CaseRoute()
  @ApiOperation({ summary: 'The NDA on file between the organisation and the contractor the case names' })
  @ApiOkResponse({ type: R.ContractorNdaPage })
  ndas(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @Query() query: PageQuery,
  ): Promise<ContractorNdaList.Response> {
    return this.http.rpc.request(ContractorNdaList.subject, { caller, applicationId: parties.applicationId, query });
  }

  @Get('applications/:id/contractor-nda/content')
  @CaseRoute()
  @ApiOperation({ summary: 'The signed NDA on file between the organisation and the contractor the case names' })
  @ApiFileResponse(DOCUMENT_KINDS)
  async ndaContent(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @Res() res: FastifyReply,
  ): Promise<void> {
    await this.http.download(ContractorNdaContent.subject, { caller, applicationId: parties.applicationId }, res);
  }

  @Post('applications/:id/disclosures')
  @HttpCode(201)
  @AllowRoles('applicant', 'operator')
  @CaseRoute()
  @ApiOperation({
    summary:
      'R4: record specs passed on to the contractor (needs an accepted A-03-2 naming it and them, and the NDA on file)',
  })
  @ApiCreatedResponse({ type: R.DisclosureView })
  @ApiProblems(
    'DISCLOSURE_WITHOUT_A0302',
    'DISCLOSURE_ITEMS_NOT_LISTED',
    'DISCLOSURE_WITHOUT_NDA',
    'CONTRACTOR_NOT_NAMED_BY_CASE',
    'UNKNOWN_SPEC_ITEM',
    'CASE_NAMES_NO_CONTRACTOR',
  )
  disclose(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Body() body: DisclosureBody,
  ): Promise<DisclosureCreate.Response> {
    return this.http.rpc.request(DisclosureCreate.subject, {
      caller,
      applicationId: parties.applicationId,
      idempotencyKey,
      body,
    });
  }

  @Get('applications/:id/disclosures')
  @CaseRoute()
  @ApiOperation({ summary: 'The disclosure ledger of the case: what, to whom, when, under which NDA' })
  @ApiOkResponse({ type: R.DisclosurePage })
  disclosures(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @Query() query: PageQuery,
  ): Promise<DisclosureList.Response> {
    return this.http.rpc.request(DisclosureList.subject, { caller, applicationId: parties.applicationId, query });
  }

  @Post('applications/:id/spec-deliveries')
  @HttpCode(201)
  @AllowRoles('operator')
  @CaseRoute()
  @ApiOperation({
    summary: 'R5 / A-5: record specs sent (only items of the accepted A-03-1, after A-03-1 and A-03-3 are accepted)',
  })
  @ApiCreatedResponse({ type: R.SpecDeliveryView })
  @ApiProblems('SPEC_DELIVERY_TOO_EARLY', 'SPEC_ITEMS_NOT_APPLIED_FOR', 'UNKNOWN_SPEC_ITEM')
  deliver(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Body() body: SpecDeliveryBody,
  ): Promise<SpecDeliveryCreate.Response> {
    return this.http.rpc.request(SpecDeliveryCreate.subject, {
      caller,
      applicationId: parties.applicationId,
      idempotencyKey,
      body,
    });
  }

  @Get('applications/:id/spec-deliveries')
  @CaseRoute()
  @ApiOperation({ summary: 'Spec deliveries of the case with their receipts' })
  @ApiOkResponse({ type: R.SpecDeliveryPage })
  deliveries(
    @CurrentCaller() caller: Caller,
    @CurrentCase() parties: CaseParties,
    @Query() query: PageQuery,
  ): Promise<SpecDeliveryList.Response> {
    return this.http.rpc.request(SpecDeliveryList.subject, { caller, applicationId: parties.applicationId, query });
  }

  @Post('spec-deliveries/:did/delivered')
  @HttpCode(200)
  @AllowRoles('operator', 'applicant')
  @ApiOperation({ summary: 'Record the receipt of a spec delivery' })
  @ApiOkResponse({ type: R.SpecDeliveryView })
  @ApiProblems('SPEC_ALREADY_RECEIVED')
  @ApiBody({ type: SpecReceiptBody })
  // The body is validated by the service after the object-level check, so another party's delivery is a 404 whatever the body.
  delivered(
    @CurrentCaller() caller: Caller,
    @Param('did', new UuidParam('did')) deliveryId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<SpecDeliveryDelivered.Response> {
    return this.http.rpc.request(SpecDeliveryDelivered.subject, { caller, deliveryId, body });
  }
}
