import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApplicationContacts,
  ApplicationGet,
  ApplicationList,
  ApplicationNameContractor,
  ApplicationParties,
  ApplicationQualify,
  ApplicationRequest,
  ApplicationTestCompletion,
  ApplicationTimeline,
  ApplicationUpdate,
  ApplicationWithdraw,
} from '@jlis/contracts';
import { ApplicationsQueries } from './applications.queries';
import { ApplicationsService } from './applications.service';

@Controller()
export class ApplicationsHandler {
  constructor(
    private readonly service: ApplicationsService,
    private readonly queries: ApplicationsQueries,
  ) {}

  @MessagePattern(ApplicationRequest.subject) request(@Payload() req: ApplicationRequest.Request) {
    return this.service.request(req);
  }
  @MessagePattern(ApplicationQualify.subject) qualify(@Payload() req: ApplicationQualify.Request) {
    return this.service.qualify(req);
  }
  @MessagePattern(ApplicationUpdate.subject) update(@Payload() req: ApplicationUpdate.Request) {
    return this.service.update(req);
  }
  @MessagePattern(ApplicationNameContractor.subject) nameContractor(@Payload() req: ApplicationNameContractor.Request) {
    return this.service.nameContractor(req);
  }
  @MessagePattern(ApplicationWithdraw.subject) withdraw(@Payload() req: ApplicationWithdraw.Request) {
    return this.service.withdraw(req);
  }
  @MessagePattern(ApplicationTestCompletion.subject) testCompletion(@Payload() req: ApplicationTestCompletion.Request) {
    return this.service.recordTestCompletion(req);
  }
  @MessagePattern(ApplicationParties.subject) parties(@Payload() req: ApplicationParties.Request) {
    return this.queries.parties(req);
  }
  @MessagePattern(ApplicationGet.subject) get(@Payload() req: ApplicationGet.Request) {
    return this.queries.get(req);
  }
  @MessagePattern(ApplicationList.subject) list(@Payload() req: ApplicationList.Request) {
    return this.queries.list(req);
  }
  @MessagePattern(ApplicationContacts.subject) contacts(@Payload() req: ApplicationContacts.Request) {
    return this.queries.contacts(req);
  }
  @MessagePattern(ApplicationTimeline.subject) timeline(@Payload() req: ApplicationTimeline.Request) {
    return this.queries.timeline(req);
  }
}
