import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as C from '@jlis/contracts';

/*
 * The OpenAPI shapes of the documents service's answers. Each class implements the contract's view, so a field the
 * service adds or changes fails to compile here until the document says so too.
 */

export class FileView implements C.FileView {
  @ApiProperty({ example: 'a-03-1.pdf' }) filename: string;
  @ApiProperty({ description: 'Bytes.' }) size: number;
  @ApiProperty({ example: 'application/pdf' }) mediaType: string;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex.' }) sha256: string;
}

export class TemplateView implements C.TemplateView {
  @ApiProperty({ example: 'A-03-1' }) form: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: FileView }) file: FileView;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
  @ApiProperty({ example: '/api/v1/forms/A-03-1/templates/1/content' }) downloadPath: string;
}

export class TemplatePage {
  @ApiProperty({ type: [TemplateView] }) items: TemplateView[];
  @ApiProperty() total: number;
}

export class FormView implements C.FormView {
  @ApiProperty({ example: 'A-03-1' }) code: string;
  @ApiProperty() nameJa: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ example: 'A-3' }) step: string;
  @ApiProperty() requiredWhen: string;
  @ApiProperty() sealRequired: boolean;
  @ApiProperty({ description: 'Whether a new series may begin after acceptance (A-06 further loans, A-13 changes).' })
  newSeriesAfterAcceptance: boolean;
  @ApiProperty({ type: TemplateView, nullable: true }) latestTemplate: TemplateView | null;
}

export class CatalogueEntry implements C.CatalogueEntry {
  @ApiProperty() code: string;
  @ApiProperty() nameJa: string;
  @ApiProperty() nameEn: string;
}

export class FormCatalogue implements C.FormList.Response {
  @ApiProperty({ type: [FormView] }) items: FormView[];
  @ApiProperty() total: number;
  @ApiProperty({ type: [CatalogueEntry], description: 'Spec items (A-03-1, A-03-2, A-5).' })
  specItems: CatalogueEntry[];
  @ApiProperty({ type: [CatalogueEntry], description: 'Provision methods (A-11-1).' })
  provisionMethods: CatalogueEntry[];
}

export class ReviewReason {
  @ApiPropertyOptional() field?: string;
  @ApiProperty() message: string;
}

export class ReviewView implements C.ReviewView {
  @ApiProperty({ enum: ['accepted', 'returned'] }) decision: 'accepted' | 'returned';
  @ApiProperty({ type: [ReviewReason] }) reasons: ReviewReason[];
  @ApiProperty({ type: Boolean, nullable: true }) sealConfirmed: boolean | null;
  @ApiProperty() reviewedBy: string;
  @ApiProperty({ format: 'date-time' }) reviewedAt: string;
}

export class SubmissionView implements C.SubmissionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ example: 'A-03-1' }) form: string;
  @ApiProperty() series: number;
  @ApiProperty() round: number;
  @ApiProperty({ enum: ['received', 'accepted', 'returned'] }) status: C.SubmissionStatus;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The form's structured fields." })
  fields: Record<string, unknown>;
  @ApiProperty({ type: FileView }) file: FileView;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The returned round this one answers.' })
  answers: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'A-13: the submission it replaces.' })
  supersedes: string | null;
  @ApiProperty() submittedBy: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: ReviewView, nullable: true }) review: ReviewView | null;
  @ApiProperty() contentPath: string;
}

export class SubmissionPage implements C.Page<SubmissionView> {
  @ApiProperty({ type: [SubmissionView] }) items: SubmissionView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class SubmissionReceipt implements C.SubmissionCreate.Response {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'A-03-1' }) form: string;
  @ApiProperty() series: number;
  @ApiProperty() round: number;
  @ApiProperty({ enum: ['received'] }) status: 'received';
}

export class AnswerView implements C.AnswerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() body: string;
  @ApiProperty() answeredBy: string;
  @ApiProperty({ format: 'date-time' }) answeredAt: string;
}

export class QuestionView implements C.QuestionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Q-00003', description: 'Short number people quote instead of the id.' }) number: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: FileView, nullable: true, description: 'The A-07 sheet, when one was attached.' })
  file: FileView | null;
  @ApiProperty({ type: String, nullable: true }) contentPath: string | null;
  @ApiProperty({ enum: ['open', 'answered'] }) status: 'open' | 'answered';
  @ApiProperty() askedBy: string;
  @ApiProperty({ format: 'date-time' }) askedAt: string;
  @ApiProperty({ type: [AnswerView] }) answers: AnswerView[];
}

export class QuestionPage implements C.QuestionList.Response {
  @ApiProperty({ type: [QuestionView] }) items: QuestionView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
  @ApiProperty({ description: 'Questions still open.' }) open: number;
}

export class AgreementVersionView implements C.AgreementVersionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date' }) signedOn: string;
  @ApiProperty({ format: 'date', description: 'Article 13 effective date.' }) effectiveFrom: string;
  @ApiProperty({ type: FileView, nullable: true }) file: FileView | null;
  @ApiProperty({ type: String, nullable: true }) contentPath: string | null;
  @ApiProperty() recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class AgreementView extends AgreementVersionView implements C.AgreementView {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ type: [AgreementVersionView] }) versions: AgreementVersionView[];
}

export class ContractorNdaView implements C.ContractorNdaView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() organizationCode: string;
  @ApiProperty({ format: 'uuid' }) contractorId: string;
  @ApiProperty({ format: 'date' }) signedOn: string;
  @ApiProperty({ type: FileView }) file: FileView;
  @ApiProperty() recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ format: 'uuid', description: 'The case it was recorded through.' }) applicationId: string;
}

export class ContractorNdaPage implements C.Page<ContractorNdaView> {
  @ApiProperty({ type: [ContractorNdaView] }) items: ContractorNdaView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class DisclosureView implements C.DisclosureView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty() organizationCode: string;
  @ApiProperty({ format: 'uuid' }) contractorId: string;
  @ApiProperty({ type: [String] }) items: string[];
  @ApiProperty({ format: 'uuid' }) ndaId: string;
  @ApiProperty({ format: 'uuid', description: 'The accepted A-03-2 that allows it.' }) submissionId: string;
  @ApiProperty({ format: 'date-time' }) disclosedAt: string;
  @ApiProperty() recordedBy: string;
}

export class DisclosurePage implements C.Page<DisclosureView> {
  @ApiProperty({ type: [DisclosureView] }) items: DisclosureView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class SpecDeliveryView implements C.SpecDeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ type: [String] }) items: string[];
  @ApiProperty({ enum: ['cd-rom', 'email'] }) medium: 'cd-rom' | 'email';
  @ApiProperty({ type: String, nullable: true }) carrier: string | null;
  @ApiProperty({ type: String, nullable: true }) trackingNumber: string | null;
  @ApiProperty({ format: 'date' }) shippedOn: string;
  @ApiProperty() recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) deliveredOn: string | null;
}

export class SpecDeliveryPage implements C.Page<SpecDeliveryView> {
  @ApiProperty({ type: [SpecDeliveryView] }) items: SpecDeliveryView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class DownloadCaller {
  @ApiProperty({ description: 'The login id of who downloaded.' }) sub: string;
  @ApiProperty({ enum: ['operator', 'applicant', 'contractor'] }) role: string;
  @ApiProperty({ type: String, nullable: true, description: "The person's name (the token's name claim) when given." })
  name: string | null;
  @ApiProperty({ type: String, nullable: true, example: '131016' }) organizationCode: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) contractorId: string | null;
}

export class DownloadView implements C.DownloadView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['template', 'submission', 'contractor-nda', 'question', 'agreement'] }) kind: C.DownloadKind;
  @ApiProperty({
    description:
      "What was downloaded: the submission's, question's or case's id; `A-03-1@3` (form@version) for a template; the agreement's version",
  })
  ref: string;
  @ApiProperty({ example: 'a-03-1.pdf' }) filename: string;
  @ApiProperty({ description: 'SHA-256 of the bytes handed out, hex.' }) sha256: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'null for templates (no case).' })
  applicationId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'JPKI-2026-00042' }) receptionNumber: string | null;
  @ApiProperty({ type: DownloadCaller }) by: DownloadCaller;
}

export class DownloadPage implements C.Page<DownloadView> {
  @ApiProperty({ type: [DownloadView] }) items: DownloadView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
