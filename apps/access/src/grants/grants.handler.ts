import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AllowlistGet, CaseAccessGet, GrantChange, GrantCreate, LgwanTaskComplete } from '@jlis/contracts';
import { GrantChangesService } from './grant-changes.service';
import { GrantQueriesService } from './grant-queries.service';
import { GrantsService } from './grants.service';
import { LgwanTaskService } from './lgwan-task.service';

@Controller()
export class GrantsHandler {
  constructor(
    private readonly grants: GrantsService,
    private readonly changes: GrantChangesService,
    private readonly queries: GrantQueriesService,
    private readonly lgwanTasks: LgwanTaskService,
  ) {}

  @MessagePattern(LgwanTaskComplete.subject) lgwanTask(@Payload() req: LgwanTaskComplete.Request) {
    return this.lgwanTasks.completeLgwanTask(req);
  }
  @MessagePattern(GrantCreate.subject) create(@Payload() req: GrantCreate.Request) {
    return this.grants.create(req);
  }
  @MessagePattern(GrantChange.subject) change(@Payload() req: GrantChange.Request) {
    return this.changes.change(req);
  }
  @MessagePattern(CaseAccessGet.subject) caseAccess(@Payload() req: CaseAccessGet.Request) {
    return this.queries.caseAccess(req);
  }
  @MessagePattern(AllowlistGet.subject) allowlist(@Payload() req: AllowlistGet.Request) {
    return this.queries.allowlist(req);
  }
}
