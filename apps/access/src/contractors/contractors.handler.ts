import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ContractorFind, ContractorGet, ContractorRegister, ContractorUpdate } from '@jlis/contracts';
import { ContractorsService } from './contractors.service';

@Controller()
export class ContractorsHandler {
  constructor(private readonly service: ContractorsService) {}

  @MessagePattern(ContractorRegister.subject) register(@Payload() req: ContractorRegister.Request) {
    return this.service.register(req);
  }
  @MessagePattern(ContractorFind.subject) find(@Payload() req: ContractorFind.Request) {
    return this.service.find(req);
  }
  @MessagePattern(ContractorGet.subject) get(@Payload() req: ContractorGet.Request) {
    return this.service.get(req);
  }
  @MessagePattern(ContractorUpdate.subject) update(@Payload() req: ContractorUpdate.Request) {
    return this.service.update(req);
  }
}
