import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { ACCESS_DECISION_STATUSES, AccessDecisionStatus, AccessDecisionView } from './access.views';

/** GET /access-decisions?status=proposed (operator): what waits for a second operator, across cases, oldest first. */
export namespace DecisionList {
  export const subject = 'access.decision.list';
  @ApiSchema({ name: 'DecisionListQuery' })
  export class Query {
    @ApiPropertyOptional({ enum: ACCESS_DECISION_STATUSES, default: 'proposed' })
    @IsOptional()
    @IsIn(ACCESS_DECISION_STATUSES)
    status?: AccessDecisionStatus;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @ValidateNested() @Type(() => Query) query: Query;
  }
  export type Response = { items: AccessDecisionView[] };
}
