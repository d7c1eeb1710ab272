import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApprovalDocumentGet, Caller, GrantAction, GrantChange, TestAccessExtend } from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import type { FastifyReply } from 'fastify';
import { AllowRoles, CurrentCaller } from '../auth/auth.decorators';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './access.responses';
import { isProposal } from './decision-answer';

/** One grant after it is made: suspension, revocation, reinstatement, test-access extension, the approved A-11-2. */
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
