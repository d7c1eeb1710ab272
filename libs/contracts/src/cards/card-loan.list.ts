import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { Page, PageQuery } from '../common/page';
import { CARD_LOAN_STATES, CardLoanState, CardLoanView } from './card.views';

/** Operators list loans; parties read one loan or a case's loans. */
export namespace CardLoanList {
  export const subject = 'cards.loan.list';
  export const getSubject = 'cards.loan.get';
  export const forCaseSubject = 'cards.loan.list-for-case';

  @ApiSchema({ name: 'CardLoanListQuery' })
  export class Query extends PageQuery {
    @ApiPropertyOptional({ enum: CARD_LOAN_STATES }) @IsOptional() @IsIn(CARD_LOAN_STATES) state?: CardLoanState;
    @ApiPropertyOptional({
      type: Boolean,
      description: 'true: only loans past their expected return date (business days) with units out.',
    })
    @IsOptional()
    @Transform(({ value }) =>
      value === 'true' || value === true ? true : value === 'false' || value === false ? false : value,
    )
    @IsBoolean({ message: 'overdue must be true or false' })
    overdue?: boolean;
    @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() applicationId?: string;
  }
  export class Request extends Query {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }
  export type Response = Page<CardLoanView>;

  export class GetRequest {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() loanId: string;
  }
  export type GetResponse = CardLoanView;

  export class ForCaseRequest extends PageQuery {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
  }
  export type ForCaseResponse = Page<CardLoanView>;
}
