import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Caller } from '../caller';
import { ACCESS_ENVIRONMENTS } from './access.environments';
import type { AccessEnvironment } from './access.events';
import type { ConnectionView } from './access.views';

/** POST /contractors/{cid}/connections (that contractor, operator). */
export namespace ConnectionRegister {
  export const subject = 'access.connection.register';
  @ApiSchema({ name: 'ConnectionRegisterBody' })
  export class Body {
    @ApiProperty({ enum: ACCESS_ENVIRONMENTS }) @IsIn(ACCESS_ENVIRONMENTS) environment: AccessEnvironment;
    @ApiProperty({
      example: 'lgwan',
      description: 'a code of the connection-method catalogue (defaults lgwan, internet-vpn, dedicated-line)',
    })
    @IsString()
    @MinLength(1)
    @MaxLength(64)
    method: string;
    @ApiProperty({
      type: [String],
      example: ['203.0.113.0/28', '2001:db8:10::/48'],
      description: 'IPv4/IPv6 CIDRs; a bare address means /32 or /128',
    })
    @IsArray()
    @ArrayMinSize(1)
    @ArrayMaxSize(256)
    @IsString({ each: true })
    @MaxLength(64, { each: true })
    cidrs: string[];
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() contractorId: string;
    @ValidateNested() @Type(() => Body) body: Body;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
  }
  export type Response = ConnectionView;
}
