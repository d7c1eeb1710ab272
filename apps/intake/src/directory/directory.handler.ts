import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LocalGovernmentAmend, LocalGovernmentSearch } from '@jlis/contracts';
import { DirectoryService } from './directory.service';

@Controller()
export class DirectoryHandler {
  constructor(private readonly service: DirectoryService) {}

  @MessagePattern(LocalGovernmentSearch.subject)
  search(@Payload() req: LocalGovernmentSearch.Request) {
    return this.service.search(req);
  }

  @MessagePattern(LocalGovernmentAmend.subject)
  amend(@Payload() req: LocalGovernmentAmend.Request) {
    return this.service.amend(req);
  }
}
