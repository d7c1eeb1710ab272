import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CardKindDefine, CardKindList } from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import { AllowRoles, CurrentCaller, IdempotencyKey } from '../auth/auth.decorators';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './cards.responses';

/** The card-kind catalogue (what applications each test card carries). */
@ApiTags('test IC cards')
@Controller('card-kinds')
export class CardKindsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({
    summary: 'Card kinds: code, name, the card applications each carries (defaults present from the start)',
  })
  @ApiOkResponse({ type: R.CardKindPage })
  list(@CurrentCaller() caller: Caller, @Query() query: CardKindList.Query) {
    return this.rpc.request<CardKindList.Response>(CardKindList.subject, { caller, ...query });
  }

  @Post()
  @AllowRoles('operator')
  @ApiOperation({ summary: 'Add a card kind (published to the other services as CardKindDefined)' })
  @ApiCreatedResponse({ type: R.CardKindView })
  @ApiProblems('CARD_KIND_EXISTS')
  define(
    @CurrentCaller() caller: Caller,
    @Body() body: CardKindDefine.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<CardKindDefine.Response>(CardKindDefine.subject, { caller, body, idempotencyKey });
  }

  @Put(':code')
  @AllowRoles('operator')
  @ApiOperation({ summary: 'Change a card kind (name, applications, active, low-stock threshold); history is kept' })
  @ApiOkResponse({ type: R.CardKindView })
  @ApiProblems('CARD_KIND_UNKNOWN')
  update(@CurrentCaller() caller: Caller, @Param('code') code: string, @Body() body: CardKindDefine.UpdateBody) {
    return this.rpc.request<CardKindDefine.Response>(CardKindDefine.updateSubject, { caller, code, body });
  }
}
