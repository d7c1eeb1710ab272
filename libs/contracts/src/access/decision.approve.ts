import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import type { AccessDecisionView } from './access.views';

/**
 * POST /access-decisions/{decisionId}/approval (operator): a second operator approves a production grant, a suspension
 * or a revocation that another operator proposed; the last approval needed carries it out (docs/access.md § Two people).
 */
export namespace DecisionApprove {
  export const subject = 'access.decision.approve';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() decisionId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
  }
  export type Response = AccessDecisionView;
}
