import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  AllowlistGet,
  AllowlistView,
  Caller,
  CaseAccessGet,
  ConnectionLink,
  GrantAction,
  GrantChange,
  GrantCreate,
  LgwanTaskComplete,
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
      'A-9 test access (R8, R9) or A-12 production access (R10–R12; A-13 on a new A-11-2 supersedes the previous grant from its start date) → 201 { id, status active|scheduled, effectiveOn, approval }',
  })
  @ApiCreatedResponse({ type: R.GrantView })
  @ApiProblems(
    'ACCESS_PRECONDITION_MISSING',
    'LGWAN_TASK_NOT_DONE',
    'START_DATE_BEFORE_AGREEMENT',
    'AGREEMENT_NOT_CONCLUDED',
    'SEAL_NOT_CONFIRMED',
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
  )
  grant(
    @CurrentCaller() caller: Caller,
    @Param('id') applicationId: string,
    @Body() body: GrantCreate.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<GrantCreate.Response>(GrantCreate.subject, { caller, applicationId, body, idempotencyKey });
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
  @ApiProblems('GRANT_STATE_CONFLICT')
  @AllowRoles('operator')
  @ApiOperation({ summary: 'Suspend a grant with a reason (a scheduled successor is suspended with it); history kept' })
  suspend(@CurrentCaller() caller: Caller, @Param('gid') grantId: string, @Body() body: GrantChange.Body) {
    return this.change(caller, grantId, 'suspension', body);
  }

  @Post(':gid/revocation')
  @HttpCode(200)
  @ApiOkResponse({ type: R.GrantView })
  @ApiProblems('GRANT_STATE_CONFLICT')
  @AllowRoles('operator')
  @ApiOperation({ summary: 'Revoke a grant with a reason (its registration is released); history kept' })
  revoke(@CurrentCaller() caller: Caller, @Param('gid') grantId: string, @Body() body: GrantChange.Body) {
    return this.change(caller, grantId, 'revocation', body);
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

  private change(caller: Caller, grantId: string, action: GrantAction, body: GrantChange.Body) {
    return this.rpc.request<GrantChange.Response>(GrantChange.subject, { caller, grantId, action, body });
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
