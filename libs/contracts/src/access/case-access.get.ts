import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { IsCalendarDate } from './corporate-number';
import type { CaseAccessView } from './access.views';

/** GET /applications/{id}/access (parties). */
export namespace CaseAccessGet {
  export const subject = 'access.case.get';
  @ApiSchema({ name: 'CaseAccessGetQuery' })
  export class Query {
    @ApiPropertyOptional({
      description: 'answer the state on this day (default today in Japan)',
      example: '2026-04-01',
    })
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
