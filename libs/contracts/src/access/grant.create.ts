import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { ACCESS_ENVIRONMENTS } from './access.environments';
import type { AccessEnvironment } from './access.events';
import type { AccessDecisionView, GrantView } from './access.views';

/**
 * POST /applications/{id}/access-grants (operator): A-9 test access (GrantView); production access are a
 * proposal that another operator approves (AccessDecisionView).
 */
export namespace GrantCreate {
  export const subject = 'access.grant.create';
  @ApiSchema({ name: 'GrantCreateBody' })
  export class Body {
    @ApiProperty({ enum: ACCESS_ENVIRONMENTS }) @IsIn(ACCESS_ENVIRONMENTS) environment: AccessEnvironment;
    @ApiPropertyOptional({
      description: 'R10: grant production access although the case still holds lent test cards; kept with the grant',
    })
    @IsOptional()
    @IsString()
    @MinLength(5)
    @MaxLength(1000)
    overrideReason?: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => Body) body: Body;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
  }
  export type Response = GrantView | AccessDecisionView;
}
