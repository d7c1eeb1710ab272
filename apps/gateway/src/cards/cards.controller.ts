import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CardUnitList, CardUnitRegister } from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import { AllowRoles, CurrentCaller, IdempotencyKey } from '../auth/auth.decorators';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './cards.responses';

/** Card units (serial numbers) and the stock per kind: J-LIS operators only. */
@ApiTags('test IC cards')
@AllowRoles('operator')
@Controller('cards')
export class CardsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Register units of one kind into stock, one or many; a duplicate serial or unknown kind registers none',
  })
  @ApiCreatedResponse({ type: R.CardUnitRegistration, description: '{ kind, registered, items }' })
  @ApiProblems('CARD_SERIAL_DUPLICATE', 'CARD_KIND_UNKNOWN')
  register(
    @CurrentCaller() caller: Caller,
    @Body() body: CardUnitRegister.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<CardUnitRegister.Response>(CardUnitRegister.subject, { caller, body, idempotencyKey });
  }

  @Get()
  @ApiOperation({ summary: 'Units, filtered by kind, state, applicationId (who holds what)' })
  @ApiOkResponse({ type: R.CardUnitPage })
  list(@CurrentCaller() caller: Caller, @Query() query: CardUnitList.Query) {
    return this.rpc.request<CardUnitList.Response>(CardUnitList.subject, { caller, ...query });
  }

  @Get('stock')
  @ApiOperation({ summary: 'Stock per kind: in stock, allocated, out, lost, retired, waiting demand, low' })
  @ApiOkResponse({ type: R.StockList })
  stock(@CurrentCaller() caller: Caller) {
    return this.rpc.request<CardUnitList.StockResponse>(CardUnitList.stockSubject, { caller });
  }

  @Get(':serial')
  @ApiOperation({ summary: 'One unit with its full, append-only history' })
  @ApiOkResponse({ type: R.CardUnitView })
  get(@CurrentCaller() caller: Caller, @Param('serial') serial: string) {
    return this.rpc.request<CardUnitList.GetResponse>(CardUnitList.getSubject, { caller, serial });
  }
}
