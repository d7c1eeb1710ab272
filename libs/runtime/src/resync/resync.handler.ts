import { Controller, Inject, Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ResyncRun, ServiceName } from '@jlis/contracts';
import { ResyncService } from './resync.service';

/** The resync subject of one service (`<service>.resync.run`); the runtime mounts it in every service. */
export function resyncHandler(service: ServiceName): Type<unknown> {
  @Controller()
  class ResyncHandler {
    constructor(@Inject(ResyncService) private readonly resync: ResyncService) {}

    @MessagePattern(ResyncRun.subject(service)) run(@Payload() req: ResyncRun.Request) {
      return this.resync.run(req);
    }
  }
  return ResyncHandler;
}
