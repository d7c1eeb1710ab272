import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Caller,
  ConnectionList,
  ConnectionRegister,
  ConnectionWithdraw,
  ContractorFind,
  ContractorGet,
  ContractorRegister,
  ContractorUpdate,
} from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import { AllowRoles, CurrentCaller, IdempotencyKey } from '../auth/auth.decorators';
import { ContractorScopeGuard } from './contractor-scope.guard';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './access.responses';

/** System contractors (システム受託者) and their connection registrations. Object checks are done by the access service. */
@ApiTags('access')
@Controller('contractors')
export class ContractorsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @AllowRoles('operator')
  @ApiOperation({ summary: 'Register a system contractor (法人番号: 13 digits, check digit first) → 201' })
  @ApiCreatedResponse({ type: R.ContractorView })
  @ApiProblems('CORPORATE_NUMBER_INVALID', 'CONTRACTOR_ALREADY_REGISTERED')
  register(
    @CurrentCaller() caller: Caller,
    @Body() body: ContractorRegister.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<ContractorRegister.Response>(ContractorRegister.subject, { caller, body, idempotencyKey });
  }

  @Get()
  @AllowRoles('operator', 'applicant')
  @ApiOperation({
    summary: 'Find a contractor by 法人番号 (applicants must give corporateNumber; operators may list all)',
  })
  @ApiOkResponse({ type: R.ContractorPage })
  @ApiProblems('CORPORATE_NUMBER_INVALID')
  find(@CurrentCaller() caller: Caller, @Query() query: ContractorFind.Query) {
    return this.rpc.request<ContractorFind.Response>(ContractorFind.subject, { caller, query });
  }

  @Get(':cid')
  @ApiOperation({ summary: 'A contractor: operators, its own users, applicants whose case names it (else 404)' })
  @ApiOkResponse({ type: R.ContractorView })
  get(@CurrentCaller() caller: Caller, @Param('cid') contractorId: string) {
    return this.rpc.request<ContractorGet.Response>(ContractorGet.subject, { caller, contractorId });
  }

  @Patch(':cid')
  @AllowRoles('operator', 'contractor')
  @UseGuards(ContractorScopeGuard)
  @ApiOperation({ summary: "Change a contractor's name or e-mail (operators, its own users)" })
  @ApiOkResponse({ type: R.ContractorView })
  update(@CurrentCaller() caller: Caller, @Param('cid') contractorId: string, @Body() body: ContractorUpdate.Body) {
    return this.rpc.request<ContractorUpdate.Response>(ContractorUpdate.subject, { caller, contractorId, body });
  }

  @Post(':cid/connections')
  @AllowRoles('operator', 'contractor')
  @UseGuards(ContractorScopeGuard)
  @ApiOperation({
    summary:
      'A-8/A-11: register a connection (environment, method, CIDRs) → 201; 400 for malformed CIDRs, host bits, /0, overlaps in the request; 409 CIDR_CLASH naming the other contractor',
  })
  @ApiCreatedResponse({ type: R.ConnectionView })
  @ApiProblems(
    'CIDR_MALFORMED',
    'CIDR_HOST_BITS_SET',
    'CIDR_TOO_BROAD',
    'CIDR_OVERLAP_IN_REQUEST',
    'CIDR_CLASH',
    'CONNECTION_METHOD_UNKNOWN',
  )
  registerConnection(
    @CurrentCaller() caller: Caller,
    @Param('cid') contractorId: string,
    @Body() body: ConnectionRegister.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<ConnectionRegister.Response>(ConnectionRegister.subject, {
      caller,
      contractorId,
      body,
      idempotencyKey,
    });
  }

  @Get(':cid/connections')
  @ApiOperation({
    summary:
      "A contractor's registrations with the number of cases using each (operators, that contractor, applicants whose case names it)",
  })
  @ApiOkResponse({ type: R.ConnectionItems })
  connections(@CurrentCaller() caller: Caller, @Param('cid') contractorId: string) {
    return this.rpc.request<ConnectionList.Response>(ConnectionList.subject, { caller, contractorId });
  }
}

@ApiTags('access')
@Controller('connections')
export class ConnectionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Delete(':connId')
  @HttpCode(200)
  @AllowRoles('operator', 'contractor')
  @ApiOperation({ summary: 'Withdraw a registration (kept in history); 409 CONNECTION_IN_USE while a case uses it' })
  @ApiOkResponse({ type: R.ConnectionView })
  @ApiProblems('CONNECTION_IN_USE', 'CONNECTION_WITHDRAWN')
  withdraw(@CurrentCaller() caller: Caller, @Param('connId') connectionId: string) {
    return this.rpc.request<ConnectionWithdraw.Response>(ConnectionWithdraw.subject, { caller, connectionId });
  }
}
