import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import type { AccessEnvironment } from './access.events';
import type { ConnectionLinkView, ConnectionView } from './access.views';

export const ACCESS_ENVIRONMENTS = ['test', 'production'] as const;

/** POST /contractors/{cid}/connections (that contractor, operator). */
export namespace ConnectionRegister {
  export const subject = 'access.connection.register';
  export class Body {
    @ApiProperty({ enum: ACCESS_ENVIRONMENTS }) @IsIn(ACCESS_ENVIRONMENTS) environment: AccessEnvironment;
    @ApiProperty({ example: 'lgwan', description: 'a code of the connection-method catalogue (defaults lgwan, internet-vpn, dedicated-line)' })
    @IsString()
    @MinLength(1)
    @MaxLength(64)
    method: string;
    @ApiProperty({ type: [String], example: ['203.0.113.0/28', '2001:db8:10::/48'], description: 'IPv4/IPv6 CIDRs; a bare address means /32 or /128' })
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

/** GET /contractors/{cid}/connections (that contractor, operator, applicants whose case names it). */
export namespace ConnectionList {
  export const subject = 'access.connection.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() contractorId: string;
  }
  export type Response = { items: ConnectionView[] };
}

/** DELETE /connections/{connId} (that contractor, operator). */
export namespace ConnectionWithdraw {
  export const subject = 'access.connection.withdraw';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() connectionId: string;
  }
  export type Response = ConnectionView;
}

/** POST /applications/{id}/connection-links (applicant, operator). */
export namespace ConnectionLink {
  export const subject = 'access.connection.link';
  export class Body {
    @ApiProperty({ format: 'uuid' }) @IsUUID() connectionId: string;
    @ApiProperty({ description: 'true when the case verifies JPKI via LGPKI (R9: the LGWAN task gates test access)' }) @IsBoolean() viaLgpki: boolean;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => Body) body: Body;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
  }
  export type Response = ConnectionLinkView;
}
