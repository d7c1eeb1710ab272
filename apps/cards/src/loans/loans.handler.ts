import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CardLoanCustody,
  CardLoanList,
  CardLoanLoss,
  CardLoanOpen,
  CardLoanReturn,
  CardLoanShip,
} from '@jlis/contracts';
import { LoanDispatchService } from './loan-dispatch.service';
import { LoanReturnsService } from './loan-returns.service';
import { LoansService } from './loans.service';

@Controller()
export class LoansHandler {
  constructor(
    private readonly service: LoansService,
    private readonly dispatch: LoanDispatchService,
    private readonly returning: LoanReturnsService,
  ) {}
  @MessagePattern(CardLoanList.subject) list(@Payload() req: CardLoanList.Request) {
    return this.service.list(req);
  }
  @MessagePattern(CardLoanList.getSubject) get(@Payload() req: CardLoanList.GetRequest) {
    return this.service.get(req);
  }
  @MessagePattern(CardLoanList.forCaseSubject) forCase(@Payload() req: CardLoanList.ForCaseRequest) {
    return this.service.forCase(req);
  }
  @MessagePattern(CardLoanOpen.subject) open(@Payload() req: CardLoanOpen.Request) {
    return this.dispatch.open(req);
  }
  @MessagePattern(CardLoanShip.subject) ship(@Payload() req: CardLoanShip.Request) {
    return this.dispatch.ship(req);
  }
  @MessagePattern(CardLoanCustody.subject) custody(@Payload() req: CardLoanCustody.Request) {
    return this.dispatch.custody(req);
  }
  @MessagePattern(CardLoanReturn.subject) returns(@Payload() req: CardLoanReturn.Request) {
    return this.returning.returns(req);
  }
  @MessagePattern(CardLoanLoss.subject) loss(@Payload() req: CardLoanLoss.Request) {
    return this.returning.loss(req);
  }
}
