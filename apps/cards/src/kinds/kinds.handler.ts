import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CardKindDefine, CardKindList } from '@jlis/contracts';
import { KindsService } from './kinds.service';

@Controller()
export class KindsHandler {
  constructor(private readonly service: KindsService) {}
  @MessagePattern(CardKindList.subject) list(@Payload() req: CardKindList.Request) {
    return this.service.list(req);
  }
  @MessagePattern(CardKindDefine.subject) define(@Payload() req: CardKindDefine.Request) {
    return this.service.define(req);
  }
  @MessagePattern(CardKindDefine.updateSubject) update(@Payload() req: CardKindDefine.UpdateRequest) {
    return this.service.update(req);
  }
}
