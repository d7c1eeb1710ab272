import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  AccessDecisionView,
  AllowlistGet,
  AllowlistView,
  ApprovalDocumentGet,
  Caller,
  CaseAccessGet,
  ConnectionLink,
  DecisionApprove,
  DecisionList,
  GrantAction,
  GrantChange,
  GrantCreate,
  LgwanTaskComplete,
  TestAccessExtend,
} from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import type { FastifyReply } from 'fastify';
import { AllowRoles, CaseRoute, CurrentCaller, IdempotencyKey } from '../auth/auth.decorators';
import { allowlistCsv } from './allowlist.csv';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './access.responses';

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

@ApiTags('access')
@Controller('access-grants')
export class AccessGrantsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post(':gid/suspension')
  @HttpCode(200)
  @ApiOkResponse({ type: R.GrantView })
  @ApiProblems('GRANT_STATE_CONFLICT', 'DECISION_ALREADY_PROPOSED')
  @AllowRoles('operator')
  @ApiOperation({
    summary:
      'Propose suspending a grant with a reason; carried out when another operator approves (a scheduled successor is suspended with it) → 202 decision (200 once carried out); history kept',
  })
  @ApiResponse({
    status: 202,
    type: R.AccessDecisionView,
    description: 'proposed: a decision waiting for a second operator',
  })
  suspend(
    @CurrentCaller() caller: Caller,
    @Param('gid') grantId: string,
    @Body() body: GrantChange.Body,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.change(caller, grantId, 'suspension', body, res);
  }

  @Post(':gid/revocation')
  @HttpCode(200)
  @ApiOkResponse({ type: R.GrantView })
  @ApiProblems('GRANT_STATE_CONFLICT', 'DECISION_ALREADY_PROPOSED')
  @AllowRoles('operator')
  @ApiOperation({
    summary:
      'Propose revoking a grant with a reason; carried out when another operator approves (its registration is released) → 202 decision (200 once carried out); history kept',
  })
  @ApiResponse({
    status: 202,
    type: R.AccessDecisionView,
    description: 'proposed: a decision waiting for a second operator',
  })
  revoke(
    @CurrentCaller() caller: Caller,
    @Param('gid') grantId: string,
    @Body() body: GrantChange.Body,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.change(caller, grantId, 'revocation', body, res);
  }

  @Post(':gid/reinstatement')
  @HttpCode(200)
  @ApiOkResponse({ type: R.GrantView })
  @ApiProblems('GRANT_STATE_CONFLICT')
  @AllowRoles('operator')
  @ApiOperation({ summary: 'Reinstate a suspended grant with a reason; history kept' })
  reinstate(@CurrentCaller() caller: Caller, @Param('gid') grantId: string, @Body() body: GrantChange.Body) {
    return this.change(caller, grantId, 'reinstatement', body);
  }

  @Post(':gid/test-access-extension')
  @HttpCode(200)
  @ApiOkResponse({ type: R.TestAccessTermView })
  @ApiProblems('TEST_ACCESS_NOT_EXTENDABLE')
  @AllowRoles('operator')
  @ApiOperation({
    summary:
      'Extend a test grant: test access runs until the day before expiresOn instead of ending TEST_ACCESS_DAYS after its start (a later day than the current end, with a reason); extensions are kept',
  })
  extendTestAccess(
    @CurrentCaller() caller: Caller,
    @Param('gid') grantId: string,
    @Body() body: TestAccessExtend.Body,
  ) {
    return this.rpc.request<TestAccessExtend.Response>(TestAccessExtend.subject, { caller, grantId, body });
  }

  @Get(':gid/approval-document')
  @ApiOkResponse({
    description: 'The PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems('PRECONDITION_NOT_YET_KNOWN')
  @ApiOperation({
    summary:
      "The approved A-11-2 (申請書兼承認書) of a production grant as a PDF to print: approval number, date, approving officer, approved content (the case's parties; 409 PRECONDITION_NOT_YET_KNOWN for a moment after the approval while it is rendered)",
  })
  async approvalDocument(
    @CurrentCaller() caller: Caller,
    @Param('gid') grantId: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const doc = await this.rpc.request<ApprovalDocumentGet.Response>(ApprovalDocumentGet.subject, { caller, grantId });
    res.header('content-type', doc.contentType);
    res.header('content-disposition', `attachment; filename="${doc.filename}"`);
    return Buffer.from(doc.contentBase64, 'base64');
  }

  private async change(
    caller: Caller,
    grantId: string,
    action: GrantAction,
    body: GrantChange.Body,
    res?: FastifyReply,
  ) {
    const answer = await this.rpc.request<GrantChange.Response>(GrantChange.subject, { caller, grantId, action, body });
    if (res && isProposal(answer) && answer.status === 'proposed') res.status(202);
    return answer;
  }
}

/** A decision waiting for (or carried out by) a second operator, rather than a grant. */
function isProposal(answer: unknown): answer is AccessDecisionView {
  return typeof answer === 'object' && answer !== null && 'proposedBy' in answer;
}

/** Two people for decisions that open or close the network: what waits for a second operator, and approving it. */
@ApiTags('access')
@Controller('access-decisions')
export class AccessDecisionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @AllowRoles('operator')
  @ApiOkResponse({ type: R.DecisionList })
  @ApiOperation({
    summary:
      'Production grants, suspensions and revocations proposed by one operator, waiting for another (status=proposed, default) or carried out (status=approved); names and times of both',
  })
  list(@CurrentCaller() caller: Caller, @Query() query: DecisionList.Query) {
    return this.rpc.request<DecisionList.Response>(DecisionList.subject, { caller, query });
  }

  @Post(':decisionId/approval')
  @HttpCode(200)
  @AllowRoles('operator')
  @ApiOkResponse({ type: R.AccessDecisionView })
  @ApiProblems('APPROVER_IS_PROPOSER', 'ALREADY_APPROVED_BY_YOU', 'DECISION_ALREADY_APPROVED', 'DECISION_OUTDATED')
  @ApiOperation({
    summary:
      'A second operator approves a proposed decision; the last approval needed carries it out → 200 { status approved, proposedBy, approvedBy, grant }. The proposer cannot approve (409 APPROVER_IS_PROPOSER)',
  })
  approve(
    @CurrentCaller() caller: Caller,
    @Param('decisionId') decisionId: string,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<DecisionApprove.Response>(DecisionApprove.subject, { caller, decisionId, idempotencyKey });
  }
}

@ApiTags('access')
@ApiExtraModels(R.AllowlistView)
@Controller('access')
export class AllowlistController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('allowlist')
  @AllowRoles('operator')
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(R.AllowlistView) } },
      'text/csv': { schema: { type: 'string', description: 'One line per CIDR and case (format=csv).' } },
    },
  })
  @ApiOperation({
    summary:
      'What the network team configures on a date: every CIDR with method, contractor, cases and effective dates (format=json|csv)',
  })
  async allowlist(
    @CurrentCaller() caller: Caller,
    @Query() query: AllowlistGet.Query,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const view = await this.rpc.request<AllowlistView>(AllowlistGet.subject, {
      caller,
      environment: query.environment,
      date: query.date,
    });
    if (query.format !== 'csv') return view;
    res.header('content-type', 'text/csv; charset=utf-8');
    res.header('content-disposition', `attachment; filename="allowlist-${view.environment}-${view.date}.csv"`);
    return allowlistCsv(view);
  }
}
