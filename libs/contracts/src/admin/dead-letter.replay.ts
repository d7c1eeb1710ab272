import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { ServiceName } from '../health/health.check';
import { DeadLetterView } from './dead-letter.view';

/**
 * Applies a parked event again now (consumer), or publishes a parked outbox row now (outbox). A service that does not
 * hold the id answers NOT_FOUND, so the gateway can ask every service.
 */
export namespace DeadLetterReplay {
  export const subject = (service: ServiceName): string => `${service}.dead-letter.replay`;

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() id: string;
  }

  export type Response = DeadLetterView;
}
