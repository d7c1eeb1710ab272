import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { IsCorporateNumber } from './corporate-number';
import type { ContractorView } from './access.views';

/** GET /contractors?corporateNumber= (operator, applicant). */
export namespace ContractorFind {
  export const subject = 'access.contractor.find';
  export class Query {
    @ApiPropertyOptional({ example: '7000012050002' }) @IsOptional() @IsCorporateNumber() corporateNumber?: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @ValidateNested() @Type(() => Query) query: Query;
  }
  export type Response = { items: ContractorView[] };
}
