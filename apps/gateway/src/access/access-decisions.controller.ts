import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, DecisionApprove, DecisionList } from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import { AllowRoles, CurrentCaller, IdempotencyKey } from '../auth/auth.decorators';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './access.responses';

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
