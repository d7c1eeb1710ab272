import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CardUnitList, CardUnitRegister } from '@jlis/contracts';
import { UnitsService } from './units.service';

@Controller()
export class UnitsHandler {
  constructor(private readonly service: UnitsService) {}
  @MessagePattern(CardUnitRegister.subject) register(@Payload() req: CardUnitRegister.Request) {
    return this.service.register(req);
  }
  @MessagePattern(CardUnitList.subject) list(@Payload() req: CardUnitList.Request) {
    return this.service.list(req);
  }
  @MessagePattern(CardUnitList.getSubject) get(@Payload() req: CardUnitList.GetRequest) {
    return this.service.get(req);
  }
  @MessagePattern(CardUnitList.stockSubject) stock(@Payload() _req: CardUnitList.StockRequest) {
    return this.service.stock();
  }
}
