import { Controller, Inject, Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeadLetterDiscard, DeadLetterList, DeadLetterReplay, ServiceName } from '@jlis/contracts';
import { DeadLetterService } from './dead-letters.service';

/**
 * The dead-letter subjects of one service (`<service>.dead-letter.*`); the runtime mounts it in every service.
 * Typed as a plain controller class: the library is compiled with declarations, which cannot name a class local to a
 * function.
 */
export function deadLettersHandler(service: ServiceName): Type<unknown> {
  @Controller()
  class DeadLettersHandler {
    constructor(@Inject(DeadLetterService) private readonly deadLetters: DeadLetterService) {}

    @MessagePattern(DeadLetterList.subject(service)) list(@Payload() req: DeadLetterList.Request) {
      return this.deadLetters.list(req);
    }

    @MessagePattern(DeadLetterReplay.subject(service)) replay(@Payload() req: DeadLetterReplay.Request) {
      return this.deadLetters.replay(req);
    }

    @MessagePattern(DeadLetterDiscard.subject(service)) discard(@Payload() req: DeadLetterDiscard.Request) {
      return this.deadLetters.discard(req);
    }
  }
  return DeadLettersHandler;
}
