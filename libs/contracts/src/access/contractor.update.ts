import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import type { ContractorView } from './access.views';

/** PATCH /contractors/{cid} (operator, that contractor): name and e-mail (the 法人番号 is the identity). */
export namespace ContractorUpdate {
  export const subject = 'access.contractor.update';
  @ApiSchema({ name: 'ContractorUpdateBody' })
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
