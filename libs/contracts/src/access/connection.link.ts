import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import type { ConnectionLinkView } from './access.views';

/** POST /applications/{id}/connection-links (applicant, operator). */
export namespace ConnectionLink {
  export const subject = 'access.connection.link';
  @ApiSchema({ name: 'ConnectionLinkBody' })
  export class Body {
    @ApiProperty({ format: 'uuid' }) @IsUUID() connectionId: string;
    @ApiProperty({ description: 'true when the case verifies JPKI via LGPKI (R9: the LGWAN task gates test access)' })
    @IsBoolean()
    viaLgpki: boolean;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => Body) body: Body;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
  }
  export type Response = ConnectionLinkView;
}
