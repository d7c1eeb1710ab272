import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AgreementContent,
  AgreementCreate,
  AgreementGet,
  ContractorNdaContent,
  ContractorNdaCreate,
  ContractorNdaList,
  DisclosureCreate,
  DisclosureList,
  DownloadList,
  FormList,
  QuestionAnswer,
  QuestionContent,
  QuestionCreate,
  QuestionList,
  SpecDeliveryCreate,
  SpecDeliveryDelivered,
  SpecDeliveryList,
  SubmissionContent,
  SubmissionCreate,
  SubmissionList,
  SubmissionReview,
  TemplateContent,
  TemplateCreate,
  TemplateDispatchList,
  TemplateList,
  CaseReachCheck,
} from '@jlis/contracts';
import { AgreementService } from './agreement/agreement.service';
import { DownloadsRepository } from './files/downloads.repository';
import { FormsService } from './forms/forms.service';
import { ContractorNdasService } from './papers/contractor-ndas.service';
import { DisclosuresService } from './papers/disclosures.service';
import { SpecDeliveriesService } from './papers/spec-deliveries.service';
import { QaService } from './qa/qa.service';
import { SubmissionCreateService } from './submissions/submission-create.service';
import { SubmissionReviewService } from './submissions/submission-review.service';
import { SubmissionsService } from './submissions/submissions.service';

/** NATS handlers of the documents service: one line each (a file handed out is recorded as it goes, R4). */
@Controller()
export class FormsHandler {
  constructor(
    private readonly forms: FormsService,
    private readonly downloads: DownloadsRepository,
  ) {}
  @MessagePattern(FormList.subject) list(@Payload() req: FormList.Request) {
    return this.forms.list(req);
  }
  @MessagePattern(TemplateCreate.subject) createTemplate(@Payload() req: TemplateCreate.Request) {
    return this.forms.createTemplate(req);
  }
  @MessagePattern(TemplateList.subject) templates(@Payload() req: TemplateList.Request) {
    return this.forms.templates(req);
  }
  @MessagePattern(TemplateContent.subject) templateContent(@Payload() req: TemplateContent.Request) {
    return this.forms
      .templateContent(req)
      .then((meta) => this.downloads.served(req.caller, 'template', `${req.form}@${req.version}`, meta));
  }
  @MessagePattern(TemplateDispatchList.subject) dispatches(@Payload() req: TemplateDispatchList.Request) {
    return this.forms.dispatches(req);
  }
}

@Controller()
export class SubmissionsHandler {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly submitting: SubmissionCreateService,
    private readonly reviewing: SubmissionReviewService,
    private readonly downloads: DownloadsRepository,
  ) {}
  @MessagePattern(SubmissionCreate.subject) create(@Payload() req: SubmissionCreate.Request) {
    return this.submitting.create(req);
  }
  @MessagePattern(SubmissionList.subject) list(@Payload() req: SubmissionList.Request) {
    return this.submissions.list(req);
  }
  @MessagePattern(SubmissionContent.subject) content(@Payload() req: SubmissionContent.Request) {
    return this.submissions
      .content(req)
      .then((meta) => this.downloads.served(req.caller, 'submission', req.submissionId, meta));
  }
  @MessagePattern(SubmissionReview.subject) review(@Payload() req: SubmissionReview.Request) {
    return this.reviewing.review(req);
  }
}

@Controller()
export class PapersHandler {
  constructor(
    private readonly ndas: ContractorNdasService,
    private readonly disclosuresLedger: DisclosuresService,
    private readonly specDeliveries: SpecDeliveriesService,
    private readonly downloads: DownloadsRepository,
  ) {}
  @MessagePattern(CaseReachCheck.subject) reach(@Payload() req: CaseReachCheck.Request) {
    return this.ndas.reach(req);
  }
  @MessagePattern(ContractorNdaCreate.subject) createNda(@Payload() req: ContractorNdaCreate.Request) {
    return this.ndas.createNda(req);
  }
  @MessagePattern(ContractorNdaList.subject) listNdas(@Payload() req: ContractorNdaList.Request) {
    return this.ndas.listNdas(req);
  }
  @MessagePattern(ContractorNdaContent.subject) ndaContent(@Payload() req: ContractorNdaContent.Request) {
    return this.ndas
      .ndaContent(req)
      .then((meta) => this.downloads.served(req.caller, 'contractor-nda', req.applicationId, meta, req.applicationId));
  }
  @MessagePattern(DisclosureCreate.subject) disclose(@Payload() req: DisclosureCreate.Request) {
    return this.disclosuresLedger.disclose(req);
  }
  @MessagePattern(DisclosureList.subject) disclosures(@Payload() req: DisclosureList.Request) {
    return this.disclosuresLedger.listDisclosures(req);
  }
  @MessagePattern(SpecDeliveryCreate.subject) deliver(@Payload() req: SpecDeliveryCreate.Request) {
    return this.specDeliveries.deliver(req);
  }
  @MessagePattern(SpecDeliveryList.subject) deliveries(@Payload() req: SpecDeliveryList.Request) {
    return this.specDeliveries.listDeliveries(req);
  }
  @MessagePattern(SpecDeliveryDelivered.subject) delivered(@Payload() req: SpecDeliveryDelivered.Request) {
    return this.specDeliveries.delivered(req);
  }
}

@Controller()
export class QaAgreementHandler {
  constructor(
    private readonly qa: QaService,
    private readonly agreement: AgreementService,
    private readonly downloads: DownloadsRepository,
  ) {}
  @MessagePattern(QuestionCreate.subject) ask(@Payload() req: QuestionCreate.Request) {
    return this.qa.ask(req);
  }
  @MessagePattern(QuestionList.subject) questions(@Payload() req: QuestionList.Request) {
    return this.qa.list(req);
  }
  @MessagePattern(QuestionAnswer.subject) answer(@Payload() req: QuestionAnswer.Request) {
    return this.qa.answer(req);
  }
  @MessagePattern(QuestionContent.subject) questionContent(@Payload() req: QuestionContent.Request) {
    return this.qa.content(req).then((meta) => this.downloads.served(req.caller, 'question', req.questionId, meta));
  }
  @MessagePattern(AgreementCreate.subject) conclude(@Payload() req: AgreementCreate.Request) {
    return this.agreement.create(req);
  }
  @MessagePattern(AgreementGet.subject) get(@Payload() req: AgreementGet.Request) {
    return this.agreement.get(req);
  }
  @MessagePattern(AgreementContent.subject) content(@Payload() req: AgreementContent.Request) {
    return this.agreement
      .content(req)
      .then((meta) => this.downloads.served(req.caller, 'agreement', req.version, meta, req.applicationId));
  }
}

@Controller()
export class DownloadsHandler {
  constructor(private readonly downloads: DownloadsRepository) {}
  @MessagePattern(DownloadList.subject) list(@Payload() req: DownloadList.Request) {
    return this.downloads.list(req);
  }
}
