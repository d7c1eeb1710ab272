import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { SERVICES, ServiceName } from '../health/health.check';

/**
 * Resync (docs/security.md § Retention): each owner re-publishes the current state of what other services project
 * (catalogues, contractors and connections, case snapshots) as events marked `resync`, which only projections apply.
 * A new consumer, or a service moved to a fresh database, rebuilds its projections from them once the stream's
 * max_age has dropped the original events.
 */
export namespace ResyncRun {
  export const subject = (service: ServiceName): string => `${service}.resync.run`;

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }

  /** One service's answer: how many events each of its sources re-published. */
  export interface Response {
    service: ServiceName;
    events: number;
    sources: { name: string; events: number }[];
  }
}

@ApiSchema({ name: 'ResyncSource' })
export class ResyncSourceView {
  @ApiProperty({ example: 'card-kinds' }) name: string;
  @ApiProperty({ description: 'Events re-published from this source' }) events: number;
}

@ApiSchema({ name: 'ResyncServiceAnswer' })
export class ResyncServiceView {
  @ApiProperty({ enum: SERVICES }) service: ServiceName;
  @ApiProperty({ description: 'Events this service re-published' }) events: number;
  @ApiProperty({ type: [ResyncSourceView] }) sources: ResyncSourceView[];
}

/** The gateway's answer: what each service re-published, and the services that could not be asked. */
@ApiSchema({ name: 'ResyncAnswer' })
export class ResyncAnswer {
  @ApiProperty({ type: [ResyncServiceView] }) services: ResyncServiceView[];
  @ApiProperty({
    enum: SERVICES,
    isArray: true,
    description: 'Services that did not answer: ask again for them once they are back.',
  })
  unavailable: ServiceName[];
}
