import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConnectionMethodDefine, ConnectionMethodList } from '@jlis/contracts';
import { ConnectionMethodsService } from './connection-methods.service';

@Controller()
export class ConnectionMethodsHandler {
  constructor(private readonly service: ConnectionMethodsService) {}

  @MessagePattern(ConnectionMethodList.subject) list(@Payload() req: ConnectionMethodList.Request) {
    return this.service.list(req);
  }
  @MessagePattern(ConnectionMethodDefine.subject) define(@Payload() req: ConnectionMethodDefine.Request) {
    return this.service.define(req);
  }
}
