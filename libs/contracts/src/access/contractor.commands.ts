import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import type { ContractorView } from './access.views';
import { IsCorporateNumber } from './corporate-number';

/** POST /contractors (operator). */
export namespace ContractorRegister {
  export const subject = 'access.contractor.register';
  export class Body {
    @ApiProperty({ example: '株式会社サンプルシステムズ' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
    @ApiProperty({ example: '7000012050002', description: '法人番号: 13 digits, check digit first' }) @IsCorporateNumber() corporateNumber: string;
    @ApiProperty({ example: 'jpki@contractor.example.jp' }) @IsEmail() @MaxLength(254) email: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @ValidateNested() @Type(() => Body) body: Body;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
  }
  export type Response = ContractorView;
}

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

/** GET /contractors/{cid} (operator, that contractor, applicants whose case names it). */
export namespace ContractorGet {
  export const subject = 'access.contractor.get';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() contractorId: string;
  }
  export type Response = ContractorView;
}

/** PATCH /contractors/{cid} (operator, that contractor): name and e-mail (the 法人番号 is the identity). */
export namespace ContractorUpdate {
  export const subject = 'access.contractor.update';
  export class Body {
    @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
    @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() contractorId: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = ContractorView;
}

