import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApprovalDocumentGet } from '@jlis/contracts';
import { ApprovalDocumentsService } from './approval-documents.service';

@Controller()
export class ApprovalDocumentsHandler {
  constructor(private readonly service: ApprovalDocumentsService) {}

  @MessagePattern(ApprovalDocumentGet.subject) get(@Payload() req: ApprovalDocumentGet.Request) {
    return this.service.get(req);
  }
}
