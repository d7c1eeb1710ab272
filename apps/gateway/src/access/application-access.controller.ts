import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CaseAccessGet, ConnectionLink, GrantCreate, LgwanTaskComplete } from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import type { FastifyReply } from 'fastify';
import { AllowRoles, CaseRoute, CurrentCaller, IdempotencyKey } from '../auth/auth.decorators';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './access.responses';
import { isProposal } from './decision-answer';

/** Access of one case: connection links, the LGWAN task, grants (A-8 … A-13) and the case's access view. */
@ApiTags('access')
@Controller('applications')
export class ApplicationAccessController {
  constructor(private readonly rpc: RpcClient) {}

  @Post(':id/connection-links')
  @AllowRoles('applicant', 'operator')
  @CaseRoute()
  @ApiOperation({
    summary:
      'A-8 (R8): link the case to a test registration its contractor already made for another local government, instead of a new A-08-1 → 201',
  })
  @ApiCreatedResponse({ type: R.ConnectionLinkView })
  @ApiProblems(
    'CONNECTION_WITHDRAWN',
    'CONNECTION_WRONG_ENVIRONMENT',
    'CONNECTION_NOT_OF_CASE_CONTRACTOR',
    'CONNECTION_NOT_REGISTERED_ELSEWHERE',
    'CONNECTION_ALREADY_LINKED',
    'ONLINE_TEST_NOT_WANTED',
    'CASE_NAMES_NO_CONTRACTOR',
    'CASE_CLOSED',
    'PRECONDITION_NOT_YET_KNOWN',
  )
  link(
    @CurrentCaller() caller: Caller,
    @Param('id') applicationId: string,
    @Body() body: ConnectionLink.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<ConnectionLink.Response>(ConnectionLink.subject, {
      caller,
      applicationId,
      body,
      idempotencyKey,
    });
  }

  @Post(':id/lgwan-task')
  @AllowRoles('applicant', 'operator')
  @CaseRoute()
  @ApiOperation({ summary: 'A-8 (R9): record the LGWAN national center procedure as done (verifying via LGPKI) → 201' })
  @ApiCreatedResponse({ type: R.LgwanTaskRecord })
  @ApiProblems('DATE_IN_FUTURE', 'CASE_CLOSED')
  lgwanTask(@CurrentCaller() caller: Caller, @Param('id') applicationId: string, @Body() body: LgwanTaskComplete.Body) {
    return this.rpc.request<LgwanTaskComplete.Response>(LgwanTaskComplete.subject, { caller, applicationId, body });
  }

  @Post(':id/access-grants')
  @AllowRoles('operator')
  @CaseRoute()
  @ApiOperation({
    summary:
      'A-9 test access (R8, R9) → 201 grant { id, status active|scheduled, effectiveOn, approval }; A-12 production access (R10–R12; A-13 on a new A-11-2 supersedes the previous grant from its start date) is proposed by this operator and approved by another (POST /access-decisions/{decisionId}/approval) → 202 decision { id, status proposed, proposedBy } (201 with the grant when APPROVALS_REQUIRED=1)',
  })
  @ApiCreatedResponse({ type: R.GrantView })
  @ApiProblems(
    'ACCESS_PRECONDITION_MISSING',
    'LGWAN_TASK_NOT_DONE',
    'ACCESS_START_BEFORE_AGREEMENT',
    'AGREEMENT_NOT_CONCLUDED',
    'SUBMISSION_SEAL_NOT_CONFIRMED',
    'CARDS_OUTSTANDING',
    'ACCESS_ALREADY_GRANTED',
    'ACCESS_SUSPENDED',
    'OVERRIDE_NOT_APPLICABLE',
    'ONLINE_TEST_NOT_WANTED',
    'CONNECTION_WITHDRAWN',
    'CONNECTION_NOT_OF_CASE_CONTRACTOR',
    'CASE_NAMES_NO_CONTRACTOR',
    'CASE_CLOSED',
    'PRECONDITION_NOT_YET_KNOWN',
    'TEST_NOT_COMPLETED',
    'DECISION_ALREADY_PROPOSED',
    'CONNECTION_NOT_REGISTERED_ELSEWHERE',
    'GRANT_STATE_CONFLICT',
  )
  @ApiResponse({
    status: 202,
    type: R.AccessDecisionView,
    description: 'production access proposed: a decision waiting for a second operator',
  })
  async grant(
    @CurrentCaller() caller: Caller,
    @Param('id') applicationId: string,
    @Body() body: GrantCreate.Body,
    @Res({ passthrough: true }) res: FastifyReply,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    const answer = await this.rpc.request<GrantCreate.Response>(GrantCreate.subject, {
      caller,
      applicationId,
      body,
      idempotencyKey,
    });
    if (isProposal(answer)) res.status(202);
    return answer;
  }

  @Get(':id/access')
  @CaseRoute()
  @ApiOperation({
    summary: 'Grants (state on ?date=, default today in Japan), registrations, links, LGWAN task, append-only history',
  })
  @ApiOkResponse({ type: R.CaseAccessView })
  access(@CurrentCaller() caller: Caller, @Param('id') applicationId: string, @Query() query: CaseAccessGet.Query) {
    return this.rpc.request<CaseAccessGet.Response>(CaseAccessGet.subject, { caller, applicationId, query });
  }
}
