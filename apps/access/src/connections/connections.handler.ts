import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConnectionLink, ConnectionList, ConnectionRegister, ConnectionWithdraw } from '@jlis/contracts';
import { ConnectionLinksService } from './connection-links.service';
import { ConnectionsService } from './connections.service';

@Controller()
export class ConnectionsHandler {
  constructor(
    private readonly service: ConnectionsService,
    private readonly links: ConnectionLinksService,
  ) {}

  @MessagePattern(ConnectionRegister.subject) register(@Payload() req: ConnectionRegister.Request) {
    return this.service.register(req);
  }
  @MessagePattern(ConnectionList.subject) list(@Payload() req: ConnectionList.Request) {
    return this.service.list(req);
  }
  @MessagePattern(ConnectionWithdraw.subject) withdraw(@Payload() req: ConnectionWithdraw.Request) {
    return this.service.withdraw(req);
  }
  @MessagePattern(ConnectionLink.subject) link(@Payload() req: ConnectionLink.Request) {
    return this.links.link(req);
  }
}
