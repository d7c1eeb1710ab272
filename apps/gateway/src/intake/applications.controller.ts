import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApplicationContacts,
  ApplicationGet,
  ApplicationList,
  ApplicationNameContractor,
  ApplicationQualify,
  ApplicationRequest,
  ApplicationTestCompletion,
  ApplicationTimeline,
  ApplicationUpdate,
  ApplicationWithdraw,
  Caller,
} from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import { UuidParam } from '../common/uuid-param.pipe';
import { AllowRoles, CaseRoute, CurrentCaller, IdempotencyKey } from '../auth/auth.decorators';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './intake.responses';

/** Cases (A-1, A-2, the case view, the timeline). Case routes are checked against the case's parties by @CaseRoute. */
@ApiTags('applications')
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @AllowRoles('applicant', 'operator')
  @ApiOperation({
    summary: 'A-1: ask J-LIS to start the procedure → 201 case view (applicants: own organisation only)',
  })
  @ApiCreatedResponse({ type: R.CaseView })
  @ApiProblems(
    'LOCAL_GOVERNMENT_UNKNOWN',
    'LOCAL_GOVERNMENT_IS_WARD',
    'LOCAL_GOVERNMENT_INACTIVE',
    'APPLICATION_ALREADY_OPEN',
  )
  request(
    @CurrentCaller() caller: Caller,
    @Body() body: ApplicationRequest.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<ApplicationRequest.Response>(ApplicationRequest.subject, { caller, body, idempotencyKey });
  }

  @Get()
  @ApiOperation({ summary: 'Cases: operators all, applicants their organisation, contractors those naming them' })
  @ApiOkResponse({ type: R.CaseSummaryPage })
  list(@CurrentCaller() caller: Caller, @Query() query: ApplicationList.Query) {
    return this.rpc.request<ApplicationList.Response>(ApplicationList.subject, { caller, query });
  }

  // No @CaseRoute here: intake owns the parties and checks the caller in the same query round (the hot read path
  // would otherwise ask intake twice — see docs/benchmarks.md).
  @Get(':id')
  @ApiOperation({ summary: 'The case view: steps A-1…A-12, changes (A-13), next actions, contacts' })
  @ApiOkResponse({ type: R.CaseView })
  get(@CurrentCaller() caller: Caller, @Param('id', new UuidParam()) applicationId: string) {
    return this.rpc.request<ApplicationGet.Response>(ApplicationGet.subject, { caller, applicationId });
  }

  @Patch(':id')
  @AllowRoles('applicant', 'operator')
  @CaseRoute()
  @ApiOperation({ summary: 'Change whether the online test environment is wanted (A-8, A-9)' })
  @ApiOkResponse({ type: R.CaseView })
  @ApiProblems('APPLICATION_CLOSED')
  update(@CurrentCaller() caller: Caller, @Param('id') applicationId: string, @Body() body: ApplicationUpdate.Body) {
    return this.rpc.request<ApplicationUpdate.Response>(ApplicationUpdate.subject, { caller, applicationId, body });
  }

  @Put(':id/contractor')
  @AllowRoles('applicant', 'operator')
  @CaseRoute()
  @ApiOperation({ summary: "Name the case's system contractor (registered with POST /contractors)" })
  @ApiOkResponse({ type: R.CaseView })
  @ApiProblems('CONTRACTOR_UNKNOWN', 'APPLICATION_CLOSED')
  nameContractor(
    @CurrentCaller() caller: Caller,
    @Param('id') applicationId: string,
    @Body() body: ApplicationNameContractor.Body,
  ) {
    return this.rpc.request<ApplicationNameContractor.Response>(ApplicationNameContractor.subject, {
      caller,
      applicationId,
      body,
    });
  }

  @Get(':id/contacts')
  @CaseRoute()
  @ApiOperation({ summary: 'Every set of contacts the case has had (A-1, then each accepted A-11-3), newest first' })
  @ApiOkResponse({ type: R.ContactSetPage })
  contacts(@CurrentCaller() caller: Caller, @Param('id') applicationId: string) {
    return this.rpc.request<ApplicationContacts.Response>(ApplicationContacts.subject, { caller, applicationId });
  }

  @Get(':id/timeline')
  // Every event, Q&A subjects and agreement dates included: for the contractor, only once its NDA covers the case.
  @CaseRoute('id', 'confidential')
  @ApiOperation({ summary: 'Every event of the case, oldest first, with actor, time and a summary' })
  @ApiOkResponse({ type: R.TimelinePage })
  timeline(
    @CurrentCaller() caller: Caller,
    @Param('id') applicationId: string,
    @Query() query: ApplicationTimeline.Query,
  ) {
    return this.rpc.request<ApplicationTimeline.Response>(ApplicationTimeline.subject, {
      caller,
      applicationId,
      query,
    });
  }

  @Post(':id/qualification')
  @HttpCode(200)
  @AllowRoles('operator')
  @CaseRoute()
  @ApiOperation({ summary: 'A-2: qualified or rejected (reason required to reject); only while requested' })
  @ApiOkResponse({ type: R.CaseView })
  @ApiProblems('APPLICATION_NOT_AWAITING_QUALIFICATION')
  qualify(@CurrentCaller() caller: Caller, @Param('id') applicationId: string, @Body() body: ApplicationQualify.Body) {
    return this.rpc.request<ApplicationQualify.Response>(ApplicationQualify.subject, { caller, applicationId, body });
  }

  @Post(':id/test-completion')
  @HttpCode(200)
  @ApiOkResponse({ type: R.CaseView })
  @ApiProblems('TEST_COMPLETION_ALREADY_RECORDED', 'TEST_COMPLETION_TOO_EARLY', 'DATE_IN_FUTURE', 'APPLICATION_CLOSED')
  @AllowRoles('applicant', 'operator')
  @CaseRoute()
  @ApiOperation({
    summary:
      'A-10: record that the test is finished (once; required for production access when the online test was wanted)',
  })
  testCompletion(
    @CurrentCaller() caller: Caller,
    @Param('id') applicationId: string,
    @Body() body: ApplicationTestCompletion.Body,
  ) {
    return this.rpc.request<ApplicationTestCompletion.Response>(ApplicationTestCompletion.subject, {
      caller,
      applicationId,
      body,
    });
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @AllowRoles('applicant', 'operator')
  @CaseRoute()
  @ApiOperation({ summary: 'Withdraw a case that has not gone live (status withdrawn; the reason is kept)' })
  @ApiOkResponse({ type: R.CaseView })
  @ApiProblems('APPLICATION_NOT_WITHDRAWABLE', 'APPLICATION_CLOSED')
  withdraw(
    @CurrentCaller() caller: Caller,
    @Param('id') applicationId: string,
    @Body() body: ApplicationWithdraw.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<ApplicationWithdraw.Response>(ApplicationWithdraw.subject, {
      caller,
      applicationId,
      body,
      idempotencyKey,
    });
  }
}
