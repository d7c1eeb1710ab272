import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { Page, PageQuery } from '../common/page';
import type { ContractorView } from './access.views';
import { IsCorporateNumber } from './corporate-number';

/** GET /contractors?corporateNumber= (operator, applicant). Applicants must give the 法人番号; operators may page through all. */
export namespace ContractorFind {
  export const subject = 'access.contractor.find';
  @ApiSchema({ name: 'ContractorFindQuery' })
  export class Query extends PageQuery {
    @ApiPropertyOptional({ example: '7000012050002' }) @IsOptional() @IsCorporateNumber() corporateNumber?: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @ValidateNested() @Type(() => Query) query: Query;
  }
  export type Response = Page<ContractorView>;
}
