/** Events of the documents service (add fields freely; never rename or remove). */
export const DocumentsEvents = {
  TemplatesDispatched: 'documents.templates.dispatched',
  SubmissionReceived: 'documents.submission.received',
  SubmissionAccepted: 'documents.submission.accepted',
  SubmissionReturned: 'documents.submission.returned',
  /** A submission waited for J-LIS's review longer than REVIEW_SLA_BUSINESS_DAYS: a reminder to the J-LIS mailbox. */
  SubmissionReviewOverdue: 'documents.submission.review-overdue',
  /** done: A-03-1, A-03-3, A-03-4 (and A-03-2 when a contractor is named) accepted. */
  ApplicationsCompleted: 'documents.applications.completed',
  ContractorNdaRecorded: 'documents.contractor-nda.recorded',
  DisclosureRecorded: 'documents.disclosure.recorded',
  /** a spec delivery recorded as sent. */
  SpecDelivered: 'documents.spec.delivered',
  SpecReceived: 'documents.spec.received',
  QuestionAsked: 'documents.question.asked',
  QuestionAnswered: 'documents.question.answered',
  /** The agreement (協定書) recorded or amended; the latest version counts. */
  AgreementConcluded: 'documents.agreement.concluded',
} as const;

/** Form codes of domain.md (catalogue rows in documents; these are its default codes). */
export type FormCode =
  'A-03-1' | 'A-03-2' | 'A-03-3' | 'A-03-4' | 'A-06' | 'A-07' | 'A-08-1' | 'A-11-1' | 'A-11-2' | 'URL' | 'A-11-3';

export interface TemplatesDispatchedPayload {
  applicationId: string;
  templates: { form: string; nameJa: string; version: number; downloadPath: string }[];
}

/** Payload of submission received / accepted / returned. `fields` are the form's validated structured fields. */
export interface SubmissionEventPayload {
  submissionId: string;
  applicationId: string;
  form: string;
  series: number;
  round: number;
  fields: Record<string, unknown>;
  /** Set on accepted A-11-2. */
  sealConfirmed?: boolean;
  /** Set on returned. */
  reasons?: { field?: string; message: string }[];
  /** the accepted submission this series supersedes (A-11-2, A-11-3 changes). */
  supersedes?: string | null;
  /** A-13 on accepted A-11-3: the case was live (or suspended) when it was accepted. */
  afterGoLive?: boolean;
  /** The returned round this one answers (round > 1). */
  answers?: string | null;
  /** On received: the case's applications were already complete, so A-4 is not reopened. */
  afterCompletion?: boolean;
}

/** A submission still waiting for review after the SLA (business days in Japan, counted from the day it arrived). */
export interface ReviewOverduePayload {
  submissionId: string;
  applicationId: string;
  form: string;
  series: number;
  round: number;
  /** The day in Japan it arrived. */
  submittedOn: string;
  businessDaysWaiting: number;
  slaBusinessDays: number;
  /** 0 for the first reminder, then one more each further SLA period. */
  ordinal: number;
}

export interface ApplicationsCompletedPayload {
  applicationId: string;
  /** The accepted A-3 submissions that completed the case's applications. */
  submissions: { form: string; submissionId: string }[];
}

export interface SpecReceivedPayload {
  deliveryId: string;
  applicationId: string;
  deliveredOn: string;
}

export interface AgreementConcludedPayload {
  applicationId: string;
  /** The id of this version (every version of a case's agreement has its own); (applicationId, version) orders them. */
  agreementId: string;
  version: number;
  signedOn: string;
  /** Article 13 (効力) effective date: A-11-2 start dates may not precede it. */
  effectiveFrom: string;
}

export interface SpecDeliveredPayload {
  deliveryId: string;
  applicationId: string;
  items: string[];
  medium: 'cd-rom' | 'email';
  carrier?: string;
  trackingNumber?: string;
  shippedOn?: string;
}

/** The specification items in words (both spellings the forms accept); the codes never reach a person. */
export const SPEC_ITEM_NAMES: Record<string, string> = {
  server: 'サーバ系技術仕様書',
  'server-spec': 'サーバ系技術仕様書',
  profile: 'プロフィール技術仕様書',
  'profile-spec': 'プロフィール技術仕様書',
  client: '利用者クライアントソフト（テスト環境接続版）',
  'client-software': '利用者クライアントソフト（テスト環境接続版）',
};

/** A question's short number, `Q-00012`, in asking order across cases: what mails and people use instead of its id. */
export function formatQuestionNumber(number: number | string): string {
  return `Q-${String(number).padStart(5, '0')}`;
}

export interface QuestionEventPayload {
  questionId: string;
  /** `Q-00012` (formatQuestionNumber); absent from events written before questions had numbers. */
  questionNumber?: string;
  applicationId: string;
  subject: string;
  /** Set on answered. */
  answerId?: string;
}

export interface DisclosureRecordedPayload {
  disclosureId: string;
  applicationId: string;
  organizationCode: string;
  contractorId: string;
  items: string[];
  ndaId: string;
}

export interface ContractorNdaRecordedPayload {
  ndaId: string;
  organizationCode: string;
  contractorId: string;
  signedOn: string;
  applicationId: string;
}
