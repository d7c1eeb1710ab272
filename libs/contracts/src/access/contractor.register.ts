import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { IsCorporateNumber } from './corporate-number';
import type { ContractorView } from './access.views';

/** POST /contractors (operator). */
export namespace ContractorRegister {
  export const subject = 'access.contractor.register';
  @ApiSchema({ name: 'ContractorRegisterBody' })
  export class Body {
    @ApiProperty({ example: '株式会社サンプルシステムズ' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
    @ApiProperty({ example: '7000012050002', description: '法人番号: 13 digits, check digit first' })
    @IsCorporateNumber()
    corporateNumber: string;
    @ApiProperty({ example: 'jpki@contractor.example.jp' }) @IsEmail() @MaxLength(254) email: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @ValidateNested() @Type(() => Body) body: Body;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
  }
  export type Response = ContractorView;
}
