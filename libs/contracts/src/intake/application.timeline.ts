import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { Page } from '../common/page';
import { TimelineEntryView } from './application.view';

/** Every event of a case, oldest first (parties only). */
export namespace ApplicationTimeline {
  export const subject = 'intake.application.timeline';

  /** Like PageQuery, but a timeline page holds up to 500 events and defaults to 200. */
  export class Query {
    @ApiPropertyOptional({ minimum: 1, default: 1 })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(100000)
    page?: number;
    @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 200 })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(500)
    limit?: number;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => Query) query: Query;
  }

  export type Response = Page<TimelineEntryView>;
}
