import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { Page, PageQuery } from '../common/page';
import { SERVICES, ServiceName } from '../health/health.check';
import { DEAD_LETTER_STATUSES, DeadLetterStatus, DeadLetterView } from './dead-letter.view';

/** One list across the services (api.md § Operations); each service answers for its own dead letters. */
export namespace DeadLetterList {
  export const subject = (service: ServiceName): string => `${service}.dead-letter.list`;

  @ApiSchema({ name: 'DeadLetterListQuery' })
  export class Query extends PageQuery {
    @ApiPropertyOptional({ enum: [...DEAD_LETTER_STATUSES, 'all'], default: 'parked' })
    @IsOptional()
    @IsIn([...DEAD_LETTER_STATUSES, 'all'])
    status?: DeadLetterStatus | 'all';
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @ValidateNested() @Type(() => Query) query: Query;
  }

  /**
   * One service's answer: its newest `page × limit` dead letters (so the gateway can merge the services and cut
   * the page) and how many match in all.
   */
  export interface Response {
    items: DeadLetterView[];
    total: number;
  }
}

/** The gateway's answer: every service's dead letters, newest first, and the services that could not be asked. */
export class DeadLetterPage implements Page<DeadLetterView> {
  @ApiProperty({ type: [DeadLetterView] }) items: DeadLetterView[];
  @ApiProperty({ description: 'Matching dead letters in the services that answered.' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
  @ApiProperty({
    enum: SERVICES,
    isArray: true,
    description: 'Services that did not answer: their dead letters are missing from this answer.',
  })
  unavailable: ServiceName[];
}
