import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AccessEvents } from '../access/access.events';
import { CardsEvents } from '../cards/cards.events';
import { Page } from '../common/page';
import { DocumentsEvents } from '../documents/documents.events';
import type { EventType } from '../events/catalogue';
import { IntakeEvents, IntakeReminderEvents } from '../intake/intake.events';

/**
 * Events a portal may subscribe to: those about one case. Catalogue, stock, contractor and connection-registry events
 * (no case) and decisions in progress are J-LIS's own business and are not offered. Written as the catalogue's types
 * minus those, so the contract catalogue's schema generator can read it.
 */
export type WebhookEventType = Exclude<
  EventType,
  | 'cards.card-kind.defined'
  | 'cards.holdings.changed'
  | 'cards.stock.low'
  | 'cards.units.registered'
  | 'cards.loan.unit-lost'
  | 'cards.unit.retired'
  | 'access.contractor.registered'
  | 'access.contractor.updated'
  | 'access.connection-method.defined'
  | 'access.connection.registered'
  | 'access.connection.withdrawn'
  | 'access.decision.proposed'
  | 'access.decision.approved'
  | 'access.approval-document.issued'
  | 'documents.submission.review-overdue'
>;

/** The offered types as a list (validation, the OpenAPI enum, the consumer's registrations). */
export const WEBHOOK_EVENT_TYPES = [
  IntakeEvents.ApplicationRequested,
  IntakeEvents.ApplicationQualified,
  IntakeEvents.ApplicationRejected,
  IntakeEvents.ApplicationUpdated,
  IntakeEvents.ApplicationContractorNamed,
  IntakeEvents.ApplicationContactsChanged,
  IntakeEvents.ApplicationTestCompleted,
  IntakeEvents.ApplicationStatusChanged,
  DocumentsEvents.TemplatesDispatched,
  DocumentsEvents.SubmissionReceived,
  DocumentsEvents.SubmissionAccepted,
  DocumentsEvents.SubmissionReturned,
  DocumentsEvents.ApplicationsCompleted,
  DocumentsEvents.ContractorNdaRecorded,
  DocumentsEvents.DisclosureRecorded,
  DocumentsEvents.SpecDelivered,
  DocumentsEvents.SpecReceived,
  DocumentsEvents.QuestionAsked,
  DocumentsEvents.QuestionAnswered,
  DocumentsEvents.AgreementConcluded,
  CardsEvents.LoanOpened,
  CardsEvents.LoanAllocated,
  CardsEvents.LoanWaiting,
  CardsEvents.LoanShipped,
  CardsEvents.LoanCustodyChanged,
  CardsEvents.LoanReturned,
  CardsEvents.LoanClosed,
  CardsEvents.LoanOverdue,
  AccessEvents.ConnectionLinked,
  AccessEvents.LgwanTaskCompleted,
  AccessEvents.GrantCreated,
  AccessEvents.GrantEffective,
  AccessEvents.GrantSuperseded,
  AccessEvents.GrantSuspended,
  AccessEvents.GrantRevoked,
  AccessEvents.GrantReinstated,
  AccessEvents.ProductionReady,
  AccessEvents.TestAccessExpiring,
  AccessEvents.TestAccessExpired,
  AccessEvents.TestAccessExtended,
  IntakeReminderEvents.CaseStalled,
] as const satisfies readonly WebhookEventType[];
// Every offered type is listed above (`satisfies`: nothing else), and none is missing (a new event type of a case
// fails the build here until it is listed or excluded above).
const noneMissing: Record<WebhookEventType, true> = {} as Record<(typeof WEBHOOK_EVENT_TYPES)[number], true>;
void noneMissing;

export const WEBHOOK_STATUSES = ['active', 'disabled'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** A subscription as its owner sees it (never its secret, which is shown once, at creation and rotation). */
export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'https://portal.example.jp/jpki/webhooks' }) url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) eventTypes: WebhookEventType[];
  @ApiProperty({ example: 'portal-ops@example.lg.jp', description: 'Told by mail when the subscription is disabled.' })
  contactEmail: string;
  @ApiPropertyOptional({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: ['operator', 'applicant', 'contractor'], description: 'Whose reads the deliveries follow.' })
  ownerRole: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Local government code (applicant subscriptions).',
  })
  ownerOrganizationCode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Contractor (contractor subscriptions).' })
  ownerContractorId: string | null;
  @ApiProperty({ enum: WEBHOOK_STATUSES }) status: WebhookStatus;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why the subscription was disabled.' })
  disabledReason: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) disabledAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the signing secret was last set.' }) secretSetAt: string;
}

/** The answer of creating a subscription or rotating its secret: the only time the secret is shown. */
export class WebhookWithSecret extends WebhookView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    nullable: true,
    type: String,
    description:
      'Signing secret (Standard Webhooks): shown only in this answer; store it now. null when the answer replays an earlier request with the same Idempotency-Key (rotate the secret to get a new one).',
  })
  secret: string | null;
}

/** The answer of deleting a subscription. */
export class WebhookDeleted {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: [true] }) deleted: true;
}

export class WebhookPage implements Page<WebhookView> {
  @ApiProperty({ type: [WebhookView] }) items: WebhookView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

/** One try of a delivery. */
export class WebhookAttemptView {
  @ApiProperty() attempt: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: "The receiver's HTTP status; null when no answer came.",
  })
  statusCode: number | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Why the try failed (connection, timeout, refused address).',
  })
  error: string | null;
  @ApiProperty() durationMs: number;
}

/** One event sent (or being sent) to a subscription, with every try. */
export class WebhookDeliveryView {
  @ApiProperty({ format: 'uuid', description: 'The `webhook-id` header: the same on every try.' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'documents.submission.returned' }) eventType: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) applicationId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'JPKI-2026-00001' }) receptionNumber: string | null;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES }) status: WebhookDeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next try is due (pending).',
  })
  nextAttemptAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ description: 'The JSON body sent (the same bytes on every try).' }) body: string;
  @ApiProperty({ type: [WebhookAttemptView] }) tries: WebhookAttemptView[];
}

export class WebhookDeliveryPage implements Page<WebhookDeliveryView> {
  @ApiProperty({ type: [WebhookDeliveryView] }) items: WebhookDeliveryView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

/** The JSON body of a delivery (docs/api.md § Webhooks). */
export interface WebhookPayload {
  /** The event's id (also in the delivery log). */
  eventId: string;
  type: string;
  occurredAt: string;
  /** The case: its 受付番号 (null before intake gave it one) and ids for machine readers. */
  case: { applicationId: string; receptionNumber: string | null; organizationCode: string };
  /** Ids of the object the event is about (submission, loan, grant, question, …) as the event names them. */
  ids: Record<string, string>;
  /** The case's version after the event (the projection this service holds). */
  caseVersion: number | null;
  /**
   * The event's consistency token (its position in the suite's event stream, digits): pass it as `minVersion` to a
   * read to see the case at least as of this event (docs/api.md § Consistency tokens). Null only for an event
   * applied outside the stream (never for a delivery the suite queued from its consumer).
   */
  consistencyToken: string | null;
}
