import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AllowlistGet,
  CaseAccessGet,
  DecisionApprove,
  DecisionList,
  GrantChange,
  GrantCreate,
  LgwanTaskComplete,
  TestAccessExtend,
} from '@jlis/contracts';
import { GrantDecisionsService } from './grant-decisions.service';
import { GrantChangesService } from './grant-changes.service';
import { GrantQueriesService } from './grant-queries.service';
import { GrantsService } from './grants.service';
import { LgwanTaskService } from './lgwan-task.service';
import { TestAccessTermService } from './test-access-term.service';

@Controller()
export class GrantsHandler {
  constructor(
    private readonly grants: GrantsService,
    private readonly changes: GrantChangesService,
    private readonly queries: GrantQueriesService,
    private readonly lgwanTasks: LgwanTaskService,
    private readonly decisions: GrantDecisionsService,
    private readonly testTerms: TestAccessTermService,
  ) {}

  @MessagePattern(LgwanTaskComplete.subject) lgwanTask(@Payload() req: LgwanTaskComplete.Request) {
    return this.lgwanTasks.completeLgwanTask(req);
  }
  @MessagePattern(GrantCreate.subject) create(@Payload() req: GrantCreate.Request) {
    return this.grants.create(req);
  }
  @MessagePattern(GrantChange.subject) change(@Payload() req: GrantChange.Request) {
    // Suspension and revocation close the network: two people decide them. A reinstatement restores what two approved.
    return req.action === 'reinstatement' ? this.changes.reinstate(req) : this.decisions.proposeChange(req);
  }
  @MessagePattern(TestAccessExtend.subject) extendTestAccess(@Payload() req: TestAccessExtend.Request) {
    return this.testTerms.extend(req);
  }
  @MessagePattern(DecisionApprove.subject) approve(@Payload() req: DecisionApprove.Request) {
    return this.decisions.approve(req);
  }
  @MessagePattern(DecisionList.subject) decisionList(@Payload() req: DecisionList.Request) {
    return this.decisions.list(req);
  }
  @MessagePattern(CaseAccessGet.subject) caseAccess(@Payload() req: CaseAccessGet.Request) {
    return this.queries.caseAccess(req);
  }
  @MessagePattern(AllowlistGet.subject) allowlist(@Payload() req: AllowlistGet.Request) {
    return this.queries.allowlist(req);
  }
}
