import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, LocalGovernmentAmend, LocalGovernmentSearch } from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import { AllowRoles, CurrentCaller, IdempotencyKey } from '../auth/auth.decorators';
import * as R from './intake.responses';

/** The directory of local governments (全国地方公共団体コード); operators amend it. */
@ApiTags('local governments')
@Controller('local-governments')
export class LocalGovernmentsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Search the directory by code prefix, name or kana; paginated { items, total }' })
  @ApiOkResponse({ type: R.LocalGovernmentPage })
  search(@CurrentCaller() caller: Caller, @Query() query: LocalGovernmentSearch.Query) {
    return this.rpc.request<LocalGovernmentSearch.Response>(LocalGovernmentSearch.subject, { caller, query });
  }

  @Post()
  @AllowRoles('operator')
  @ApiOperation({ summary: 'Add or amend a row (mergers, new wards); every version is kept' })
  @ApiCreatedResponse({ type: R.LocalGovernmentView })
  amend(
    @CurrentCaller() caller: Caller,
    @Body() body: LocalGovernmentAmend.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<LocalGovernmentAmend.Response>(LocalGovernmentAmend.subject, {
      caller,
      body,
      idempotencyKey,
    });
  }
}
