import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import type { AccessEnvironment } from './access.events';
import type { AllowlistView, CaseAccessView, GrantView } from './access.views';
import { ACCESS_ENVIRONMENTS } from './connection.commands';
import { IsCalendarDate } from './corporate-number';

/** POST /applications/{id}/lgwan-task (applicant, operator): R9. */
export namespace LgwanTaskComplete {
  export const subject = 'access.lgwan-task.complete';
  export class Body {
    @ApiProperty({ example: '2026-05-20', description: 'the day the LGWAN national center procedure was completed (not in the future)' })
    @IsCalendarDate()
    completedOn: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = { applicationId: string; completedOn: string; recordedBy: string; recordedAt: string };
}

/** POST /applications/{id}/access-grants (operator). */
export namespace GrantCreate {
  export const subject = 'access.grant.create';
  export class Body {
    @ApiProperty({ enum: ACCESS_ENVIRONMENTS }) @IsIn(ACCESS_ENVIRONMENTS) environment: AccessEnvironment;
    @ApiPropertyOptional({ description: 'R10: grant production access although the case still holds lent test cards; kept with the grant' })
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
  export type Response = GrantView;
}

export const GRANT_ACTIONS = ['suspension', 'revocation', 'reinstatement'] as const;
export type GrantAction = (typeof GRANT_ACTIONS)[number];

/** POST /access-grants/{gid}/suspension|revocation|reinstatement (operator). */
export namespace GrantChange {
  export const subject = 'access.grant.change';
  export class Body {
    @ApiProperty({ example: '構成員変更に伴う一時停止 / suspended for a member change' }) @IsString() @MinLength(2) @MaxLength(1000) reason: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() grantId: string;
    @IsIn(GRANT_ACTIONS) action: GrantAction;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = GrantView;
}

/** GET /applications/{id}/access (parties). */
export namespace CaseAccessGet {
  export const subject = 'access.case.get';
  export class Query {
    @ApiPropertyOptional({ description: 'answer the state on this day (default today in Japan)', example: '2026-04-01' })
    @IsOptional()
    @IsCalendarDate()
    date?: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => Query) query: Query;
  }
  export type Response = CaseAccessView;
}

/** GET /access/allowlist (operator). */
export namespace AllowlistGet {
  export const subject = 'access.allowlist.get';
  export class Query {
    @ApiPropertyOptional({ enum: ACCESS_ENVIRONMENTS, default: 'production' }) @IsOptional() @IsIn(ACCESS_ENVIRONMENTS) environment?: AccessEnvironment;
    @ApiPropertyOptional({ description: 'default today in Japan', example: '2026-04-01' }) @IsOptional() @IsCalendarDate() date?: string;
    @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsOptional() @IsIn(ACCESS_ENVIRONMENTS) environment?: AccessEnvironment;
    @IsOptional() @IsCalendarDate() date?: string;
  }
  export type Response = AllowlistView;
}
