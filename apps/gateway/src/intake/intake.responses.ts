import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  APPLICATION_STATUSES,
  CONTACT_ROLES,
  LOCAL_GOVERNMENT_KINDS,
  STEP_CODES,
  STEP_STATUSES,
  VERIFIER_KINDS,
} from '@jlis/contracts';
import type * as C from '@jlis/contracts';

/*
 * The OpenAPI shapes of intake's answers. Each class implements the contract's view, so a field the service adds or
 * changes fails to compile here until the document says so too.
 */

const STEP_ACTORS = ['applicant', 'operator'] as const;

export class QualificationView implements C.QualificationView {
  @ApiProperty({ enum: ['qualified', 'rejected'] }) decision: 'qualified' | 'rejected';
  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected.' }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
  @ApiProperty() decidedBy: string;
}

export class CaseStepView implements C.CaseStepView {
  @ApiProperty({ enum: STEP_CODES }) code: C.StepCode;
  @ApiProperty({ enum: STEP_STATUSES }) status: C.StepStatus;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the step reached its status.' }) at?: string;
  @ApiPropertyOptional({ format: 'date', description: 'A date (in Japan) the step takes effect.' })
  effectiveOn?: string;
}

export class CaseChangeView implements C.CaseChangeView {
  @ApiProperty({ example: 'system-change' }) kind: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ example: 'documents.submission.accepted' }) eventType: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiPropertyOptional({ description: 'The id of the submission or grant the change is about.' }) ref?: string;
}

export class ActionContact implements C.ActionContact {
  @ApiProperty({ example: 'LGWAN全国センター' }) name: string;
  @ApiProperty({ example: 'LGPKI@j-lis.go.jp' }) email: string;
  @ApiProperty({ enum: ['internet', 'lgwan'], description: 'The network the address is reached on.' })
  network: 'internet' | 'lgwan';
}

export class NextActionView implements C.NextActionView {
  @ApiProperty({ enum: STEP_CODES }) step: C.StepCode;
  @ApiProperty({ enum: STEP_ACTORS }) actor: C.StepActor;
  @ApiProperty({ description: 'What to do (Japanese, then English after " / ").' }) action: string;
  @ApiPropertyOptional({
    type: [ActionContact],
    description:
      'Who to contact for it outside the suite: the LGWAN 全国センター for the LGPKI task (LGWAN_CENTER_EMAIL, LGWAN_CENTER_LGWAN_EMAIL).',
  })
  contacts?: ActionContact[];
}

export class ContactSnapshot implements C.ContactSnapshot {
  @ApiProperty({ enum: CONTACT_ROLES }) role: C.ContactRole;
  @ApiProperty() name: string;
  @ApiPropertyOptional() department?: string;
  @ApiProperty() phone: string;
  @ApiProperty() email: string;
}

export class ContactView extends ContactSnapshot implements C.ContactView {
  @ApiProperty({ description: "'A-1' (the start request) or 'A-11-3' (an accepted form)." }) source: string;
  @ApiProperty({ format: 'date-time' }) since: string;
}

export class CaseView implements C.CaseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'JPKI-2026-00042', description: '受付番号: what people quote instead of the id.' })
  receptionNumber: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'A-10: the day the test was recorded finished.',
  })
  testCompletedOn: string | null;
  @ApiProperty({ example: '131016' }) organizationCode: string;
  @ApiProperty({ example: '千代田区' }) organizationName: string;
  @ApiProperty() verifierName: string;
  @ApiProperty({ enum: VERIFIER_KINDS, isArray: true }) verifierKinds: C.VerifierKind[];
  @ApiProperty() department: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: C.ApplicationStatus;
  @ApiProperty({ type: String, nullable: true, description: 'The system contractor it names (an id of access).' })
  contractorId: string | null;
  @ApiProperty() wantsOnlineTest: boolean;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ type: QualificationView, nullable: true }) qualification: QualificationView | null;
  @ApiProperty({ type: [CaseStepView] }) steps: CaseStepView[];
  @ApiProperty({ type: [CaseChangeView], description: 'A-13 changes after go-live.' }) changes: CaseChangeView[];
  @ApiProperty({ type: [NextActionView] }) nextActions: NextActionView[];
  @ApiProperty({ type: [ContactView] }) contacts: ContactView[];
}

export class CaseSummaryView implements C.CaseSummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'JPKI-2026-00042' }) receptionNumber: string;
  @ApiProperty() organizationCode: string;
  @ApiProperty() organizationName: string;
  @ApiProperty() verifierName: string;
  @ApiProperty({ enum: VERIFIER_KINDS, isArray: true }) verifierKinds: C.VerifierKind[];
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: C.ApplicationStatus;
  @ApiProperty({ type: String, nullable: true, description: 'The system contractor it names (an id of access).' })
  contractorId: string | null;
  @ApiProperty() wantsOnlineTest: boolean;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ enum: STEP_CODES, isArray: true }) openSteps: C.StepCode[];
  @ApiProperty({ enum: STEP_ACTORS, isArray: true }) waitingFor: C.StepActor[];
  @ApiProperty({ type: [NextActionView] }) nextActions: NextActionView[];
}

export class CaseSummaryPage implements C.Page<CaseSummaryView> {
  @ApiProperty({ type: [CaseSummaryView] }) items: CaseSummaryView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class TimelineActor {
  @ApiProperty() sub: string;
  @ApiProperty({ example: 'operator' }) role: string;
}

export class TimelineEntryView implements C.TimelineEntryView {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'intake.application.requested' }) type: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: TimelineActor }) actor: TimelineActor;
  @ApiProperty() summary: string;
  @ApiProperty({ type: [String], example: ['A-3:done'], description: 'Steps the event moved.' }) steps: string[];
}

export class TimelinePage implements C.Page<TimelineEntryView> {
  @ApiProperty({ type: [TimelineEntryView] }) items: TimelineEntryView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class ContactSetView implements C.ContactSetView {
  @ApiProperty({ description: '1 for the A-1 contacts, +1 for each accepted A-11-3.' }) set: number;
  @ApiProperty({ example: 'A-1' }) source: string;
  @ApiProperty({ format: 'date-time' }) since: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) submissionId: string | null;
  @ApiProperty({ type: [ContactSnapshot] }) contacts: ContactSnapshot[];
}

export class ContactSetPage implements C.Page<ContactSetView> {
  @ApiProperty({ type: [ContactSetView] }) items: ContactSetView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class LocalGovernmentView implements C.LocalGovernmentView {
  @ApiProperty({ example: '131016' }) code: string;
  @ApiProperty({ example: '東京都' }) prefecture: string;
  @ApiProperty({ example: '千代田区' }) name: string;
  @ApiProperty({ example: 'ちよだく' }) nameKana: string;
  @ApiProperty({ enum: LOCAL_GOVERNMENT_KINDS }) kind: C.LocalGovernmentKind;
  @ApiProperty({ description: 'False once retired (a merger); refused for new cases.' }) active: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class LocalGovernmentPage implements C.Page<LocalGovernmentView> {
  @ApiProperty({ type: [LocalGovernmentView] }) items: LocalGovernmentView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
