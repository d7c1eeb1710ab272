import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { IsCalendarDate } from './corporate-number';
import { ACCESS_ENVIRONMENTS } from './access.environments';
import type { AccessEnvironment } from './access.events';
import type { AllowlistView } from './access.views';

/** GET /access/allowlist (operator). */
export namespace AllowlistGet {
  export const subject = 'access.allowlist.get';
  @ApiSchema({ name: 'AllowlistGetQuery' })
  export class Query {
    @ApiPropertyOptional({ enum: ACCESS_ENVIRONMENTS, default: 'production' })
    @IsOptional()
    @IsIn(ACCESS_ENVIRONMENTS)
    environment?: AccessEnvironment;
    @ApiPropertyOptional({ description: 'default today in Japan', example: '2026-04-01' })
    @IsOptional()
    @IsCalendarDate()
    date?: string;
    @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?:
      'json' | 'csv';
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsOptional() @IsIn(ACCESS_ENVIRONMENTS) environment?: AccessEnvironment;
    @IsOptional() @IsCalendarDate() date?: string;
  }
  export type Response = AllowlistView;
}
