import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import type { AccessDecisionView, GrantView } from './access.views';

export const GRANT_ACTIONS = ['suspension', 'revocation', 'reinstatement'] as const;
export type GrantAction = (typeof GRANT_ACTIONS)[number];

/**
 * POST /access-grants/{gid}/suspension|revocation|reinstatement (operator). A suspension or a revocation is a proposal
 * that another operator approves (AccessDecisionView); a reinstatement restores what two people approved (GrantView).
 */
export namespace GrantChange {
  export const subject = 'access.grant.change';
  @ApiSchema({ name: 'GrantChangeBody' })
  export class Body {
    @ApiProperty({ example: '構成員変更に伴う一時停止 / suspended for a member change' })
    @IsString()
    @MinLength(2)
    @MaxLength(1000)
    reason: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() grantId: string;
    @IsIn(GRANT_ACTIONS) action: GrantAction;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = GrantView | AccessDecisionView;
}
