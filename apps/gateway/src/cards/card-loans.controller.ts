import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Caller,
  CardLoanCustody,
  CardLoanList,
  CardLoanLoss,
  CardLoanOpen,
  CardLoanReturn,
  CardLoanShip,
  PageQuery,
} from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import { AllowRoles, CaseRoute, CurrentCaller, IdempotencyKey } from '../auth/auth.decorators';
import { ApiProblems } from '../openapi/api-problems.decorator';
import * as R from './cards.responses';

/** Loans of test cards. A loan opens when an A-06 is accepted; routes keyed by loanId are checked by the cards service. */
@ApiTags('test IC cards')
@Controller('card-loans')
export class CardLoansController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @AllowRoles('operator')
  @ApiOperation({ summary: 'Loans, filtered by state, overdue=true (business days, Japan), applicationId' })
  @ApiOkResponse({ type: R.CardLoanPage })
  list(@CurrentCaller() caller: Caller, @Query() query: CardLoanList.Query) {
    return this.rpc.request<CardLoanList.Response>(CardLoanList.subject, { caller, ...query });
  }

  @Post()
  @AllowRoles('operator')
  @ApiOperation({ summary: 'Open the loan of an accepted A-06 by hand (when its structured fields could not open it)' })
  @ApiCreatedResponse({ type: R.CardLoanView, description: 'The loan view (allocated, or waiting for stock).' })
  @ApiProblems('A06_NOT_ACCEPTED', 'LOAN_EXISTS', 'CARD_KIND_UNKNOWN')
  open(@CurrentCaller() caller: Caller, @Body() body: CardLoanOpen.Body, @IdempotencyKey() idempotencyKey?: string) {
    return this.rpc.request<CardLoanOpen.Response>(CardLoanOpen.subject, { caller, body, idempotencyKey });
  }

  @Get(':loanId')
  @ApiOkResponse({ type: R.CardLoanView })
  @ApiOperation({ summary: 'One loan with its units and states (parties of its case)' })
  get(@CurrentCaller() caller: Caller, @Param('loanId') loanId: string) {
    return this.rpc.request<CardLoanList.GetResponse>(CardLoanList.getSubject, { caller, loanId });
  }

  @Post(':loanId/shipment')
  @AllowRoles('operator')
  @ApiOperation({
    summary: 'A-6: ship an allocated loan (refused while it waits for units); expected return defaults to 60 days',
  })
  @ApiCreatedResponse({ type: R.CardLoanView, description: 'The loan view, state shipped.' })
  @ApiProblems('LOAN_NOT_ALLOCATED', 'LOAN_ALREADY_SHIPPED', 'CARD_DATE_INVALID')
  ship(
    @CurrentCaller() caller: Caller,
    @Param('loanId') loanId: string,
    @Body() body: CardLoanShip.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<CardLoanShip.Response>(CardLoanShip.subject, { caller, loanId, body, idempotencyKey });
  }

  @Post(':loanId/custody')
  @AllowRoles('applicant', 'operator')
  @ApiOperation({
    summary: 'A-6: who holds shipped units; units with the contractor stay the local government’s responsibility (R6)',
  })
  @ApiCreatedResponse({
    type: R.CardLoanView,
    description: 'The loan view; `responsibility` says that units with the contractor stay the local government’s.',
  })
  @ApiProblems('LOAN_NOT_SHIPPED', 'LOAN_CLOSED', 'CARD_ALREADY_RETURNED', 'CASE_HAS_NO_CONTRACTOR', 'CARD_NOT_ON_LOAN')
  custody(
    @CurrentCaller() caller: Caller,
    @Param('loanId') loanId: string,
    @Body() body: CardLoanCustody.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<CardLoanCustody.Response>(CardLoanCustody.subject, {
      caller,
      loanId,
      body,
      idempotencyKey,
    });
  }

  @Post(':loanId/returns')
  @AllowRoles('operator')
  @ApiOperation({
    summary:
      'A-10: record units received back (per serial, partial or whole); the loan closes when all are back or written off',
  })
  @ApiCreatedResponse({
    type: R.CardLoanView,
    description: 'The loan view (closed once every unit is back or written off).',
  })
  @ApiProblems('CARD_ALREADY_RETURNED', 'LOAN_NOT_SHIPPED', 'LOAN_CLOSED', 'CARD_NOT_ON_LOAN', 'CARD_DATE_INVALID')
  returns(
    @CurrentCaller() caller: Caller,
    @Param('loanId') loanId: string,
    @Body() body: CardLoanReturn.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<CardLoanReturn.Response>(CardLoanReturn.subject, { caller, loanId, body, idempotencyKey });
  }

  @Post(':loanId/losses')
  @AllowRoles('operator')
  @ApiOperation({ summary: 'A-10: write off a lost unit with the reason' })
  @ApiCreatedResponse({ type: R.CardLoanView, description: 'The loan view.' })
  @ApiProblems('CARD_ALREADY_RETURNED', 'LOAN_NOT_SHIPPED', 'LOAN_CLOSED', 'CARD_NOT_ON_LOAN')
  loss(
    @CurrentCaller() caller: Caller,
    @Param('loanId') loanId: string,
    @Body() body: CardLoanLoss.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    return this.rpc.request<CardLoanLoss.Response>(CardLoanLoss.subject, { caller, loanId, body, idempotencyKey });
  }
}

/** A case's loans, for its parties. */
@ApiTags('test IC cards')
@Controller('applications')
export class ApplicationCardLoansController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':id/card-loans')
  @CaseRoute()
  @ApiOperation({ summary: 'A-6, A-10: the case’s loans with their units (serial, state) and states' })
  @ApiOkResponse({ type: R.CardLoanPage })
  list(@CurrentCaller() caller: Caller, @Param('id') applicationId: string, @Query() query: PageQuery) {
    return this.rpc.request<CardLoanList.ForCaseResponse>(CardLoanList.forCaseSubject, {
      caller,
      applicationId,
      ...query,
    });
  }
}
