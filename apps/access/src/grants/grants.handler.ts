import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AllowlistGet, CaseAccessGet, GrantChange, GrantCreate, LgwanTaskComplete } from '@jlis/contracts';
import { GrantsService } from './grants.service';

@Controller()
export class GrantsHandler {
  constructor(private readonly service: GrantsService) {}

  @MessagePattern(LgwanTaskComplete.subject) lgwanTask(@Payload() req: LgwanTaskComplete.Request) {
    return this.service.completeLgwanTask(req);
  }
  @MessagePattern(GrantCreate.subject) create(@Payload() req: GrantCreate.Request) {
    return this.service.create(req);
  }
  @MessagePattern(GrantChange.subject) change(@Payload() req: GrantChange.Request) {
    return this.service.change(req);
  }
  @MessagePattern(CaseAccessGet.subject) caseAccess(@Payload() req: CaseAccessGet.Request) {
    return this.service.caseAccess(req);
  }
  @MessagePattern(AllowlistGet.subject) allowlist(@Payload() req: AllowlistGet.Request) {
    return this.service.allowlist(req);
  }
}
