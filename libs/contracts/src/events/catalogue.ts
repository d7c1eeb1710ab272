import type {
  ApprovalDocumentPayload,
  ConnectionLinkedPayload,
  ConnectionMethodPayload,
  ConnectionPayload,
  ContractorPayload,
  DecisionPayload,
  GrantPayload,
  LgwanTaskCompletedPayload,
  ProductionReadyPayload,
  TestAccessTermPayload,
} from '../access/access.events';
import { AccessEvents } from '../access/access.events';
import type { EventEnvelope } from './envelope';
import type {
  CardKindDefinedPayload,
  HoldingsChangedPayload,
  LoanEventPayload,
  StockLowPayload,
  UnitRetiredPayload,
  UnitsRegisteredPayload,
} from '../cards/cards.events';
import { CardsEvents } from '../cards/cards.events';
import type {
  AgreementConcludedPayload,
  ApplicationsCompletedPayload,
  ContractorNdaRecordedPayload,
  DisclosureRecordedPayload,
  QuestionEventPayload,
  ReviewOverduePayload,
  SpecDeliveredPayload,
  SpecReceivedPayload,
  SubmissionEventPayload,
  TemplatesDispatchedPayload,
} from '../documents/documents.events';
import { DocumentsEvents } from '../documents/documents.events';
import type { ApplicationEventPayload, CaseStalledPayload } from '../intake/intake.events';
import { IntakeEvents, IntakeReminderEvents } from '../intake/intake.events';

/**
 * The event catalogue: every event type the suite publishes and the payload it carries. This interface is the one
 * source the committed catalogue (`docs/events/`, `npm run events`) is generated from, and the outbox only takes a
 * payload of the type's shape, so a producer cannot send what the catalogue does not say.
 *
 * Changing a payload is a reviewed change: `npm run events` rewrites the schema in `docs/events/`, and the
 * compatibility spec (`libs/contracts/src/events/catalogue-compatibility.spec.ts`) refuses a change that breaks a
 * consumer of the committed version (a field removed or retyped, a new required field, a changed set of values)
 * unless the type's version in `EVENT_VERSIONS` is raised and an upcast from the previous version is given.
 * Adding an optional field is compatible and keeps the version.
 */
export interface EventPayloads {
  /** a local government asked to start the procedure. */
  'intake.application.requested': ApplicationEventPayload;
  /** J-LIS qualified the case. */
  'intake.application.qualified': ApplicationEventPayload;
  /** J-LIS rejected the case (reason). */
  'intake.application.rejected': ApplicationEventPayload;
  /** The case's own fields changed (e.g. the online test wish). */
  'intake.application.updated': ApplicationEventPayload;
  /** The case named (or renamed) its system contractor (previousContractorId). */
  'intake.application.contractor-named': ApplicationEventPayload;
  /** The case's contacts were replaced (an accepted A-11-3). */
  'intake.application.contacts-changed': ApplicationEventPayload;
  /** the applicant recorded its test as finished. */
  'intake.application.test-completed': ApplicationEventPayload;
  /** The case's status moved (live, suspended, revoked, withdrawn). */
  'intake.application.status-changed': ApplicationEventPayload;
  /** No one has acted on a case waiting for its applicant for STALLED_BUSINESS_DAYS (a reminder to its contacts). */
  'intake.case.stalled': CaseStalledPayload;

  /** the templates of the forms the case needs were made available. */
  'documents.templates.dispatched': TemplatesDispatchedPayload;
  /** A form was submitted. */
  'documents.submission.received': SubmissionEventPayload;
  /** A submission was accepted by J-LIS. */
  'documents.submission.accepted': SubmissionEventPayload;
  /** A submission was returned with reasons. */
  'documents.submission.returned': SubmissionEventPayload;
  /** A submission has waited for J-LIS's review longer than REVIEW_SLA_BUSINESS_DAYS (a reminder to J-LIS). */
  'documents.submission.review-overdue': ReviewOverduePayload;
  /** are complete for the case. */
  'documents.applications.completed': ApplicationsCompletedPayload;
  /** The NDA between the local government and its contractor is on file (R4). */
  'documents.contractor-nda.recorded': ContractorNdaRecordedPayload;
  /** Specifications were disclosed to a contractor (R4). */
  'documents.disclosure.recorded': DisclosureRecordedPayload;
  /** the specifications were sent. */
  'documents.spec.delivered': SpecDeliveredPayload;
  /** the applicant confirmed it received the specifications. */
  'documents.spec.received': SpecReceivedPayload;
  /** a question was asked on the case. */
  'documents.question.asked': QuestionEventPayload;
  /** a question was answered. */
  'documents.question.answered': QuestionEventPayload;
  /** The agreement (協定書) was recorded or amended; the latest version counts. */
  'documents.agreement.concluded': AgreementConcludedPayload;

  /** A card kind was defined or changed. */
  'cards.card-kind.defined': CardKindDefinedPayload;
  /** a loan opened for an accepted A-06. */
  'cards.loan.opened': LoanEventPayload;
  /** Units were allocated to a loan. */
  'cards.loan.allocated': LoanEventPayload;
  /** A loan waits for stock (shortages). */
  'cards.loan.waiting': LoanEventPayload;
  /** A loan's cards were shipped. */
  'cards.loan.shipped': LoanEventPayload;
  /** Units of a loan came back. */
  'cards.loan.returned': LoanEventPayload;
  /** A loan has nothing left out. */
  'cards.loan.closed': LoanEventPayload;
  /** A shipped loan is past its expected return (R10 reminder). */
  'cards.loan.overdue': LoanEventPayload;
  /** How many lent units a case still holds (R10). */
  'cards.holdings.changed': HoldingsChangedPayload;
  /** A card kind's stock fell to its threshold. */
  'cards.stock.low': StockLowPayload;
  /** Units were registered into stock. */
  'cards.units.registered': UnitsRegisteredPayload;
  /** Units of a shipped loan passed to the applicant or its contractor (R6). */
  'cards.loan.custody-changed': LoanEventPayload;
  /** A lent unit was written off as lost. */
  'cards.loan.unit-lost': LoanEventPayload;
  /** A unit was taken out of service. */
  'cards.unit.retired': UnitRetiredPayload;

  /** A contractor was registered. */
  'access.contractor.registered': ContractorPayload;
  /** A contractor's details changed. */
  'access.contractor.updated': ContractorPayload;
  /** A connection method was defined or changed. */
  'access.connection-method.defined': ConnectionMethodPayload;
  /** A contractor registered a connection. */
  'access.connection.registered': ConnectionPayload;
  /** A connection was withdrawn. */
  'access.connection.withdrawn': ConnectionPayload;
  /** A case linked a test registration made for another local government (R8). */
  'access.connection.linked': ConnectionLinkedPayload;
  /** The LGWAN national center task was recorded as done (R9). */
  'access.lgwan-task.completed': LgwanTaskCompletedPayload;
  /** Access was granted (active now or scheduled). */
  'access.grant.created': GrantPayload;
  /** A scheduled grant took effect. */
  'access.grant.effective': GrantPayload;
  /** A grant was replaced by a newer one. */
  'access.grant.superseded': GrantPayload;
  /** A grant was suspended. */
  'access.grant.suspended': GrantPayload;
  /** A grant was revoked. */
  'access.grant.revoked': GrantPayload;
  /** A suspended grant was reinstated. */
  'access.grant.reinstated': GrantPayload;
  /** A decision that opens or closes the network was proposed. */
  'access.decision.proposed': DecisionPayload;
  /** A decision received its last approval and was carried out. */
  'access.decision.approved': DecisionPayload;
  /** The approved A-11-2 was rendered as a PDF. */
  'access.approval-document.issued': ApprovalDocumentPayload;
  /** A-11 is complete for the case. */
  'access.production.ready': ProductionReadyPayload;
  /** A test grant ends within TEST_ACCESS_NOTICE_DAYS unless an operator extends it. */
  'access.test-access.expiring': TestAccessTermPayload;
  /** A test grant reached the end of its term (TEST_ACCESS_DAYS). */
  'access.test-access.expired': TestAccessTermPayload;
  /** An operator extended a test grant's term. */
  'access.test-access.extended': TestAccessTermPayload;
}

export type EventType = keyof EventPayloads;

/** Every type constant of the four producers, which must be exactly the catalogue's keys (checked below at compile time). */
type DeclaredEventType =
  | (typeof IntakeEvents)[keyof typeof IntakeEvents]
  | (typeof IntakeReminderEvents)[keyof typeof IntakeReminderEvents]
  | (typeof DocumentsEvents)[keyof typeof DocumentsEvents]
  | (typeof CardsEvents)[keyof typeof CardsEvents]
  | (typeof AccessEvents)[keyof typeof AccessEvents];
// A type constant without a catalogue entry, or an entry without a constant, fails the build here.
const declaredAreCatalogued: Record<DeclaredEventType, true> = {} as Record<EventType, true>;
const cataloguedAreDeclared: Record<EventType, true> = {} as Record<DeclaredEventType, true>;
void declaredAreCatalogued;
void cataloguedAreDeclared;

/**
 * How an event type evolves: its current schema version, and — once the version is above 1 — how a payload of the
 * previous version becomes the current one. Consumers accept both (a producer and its consumers are deployed at
 * different times, and the stream still holds events of the previous version); the consumer helper upcasts before any
 * handler runs, so handlers see the current shape only.
 */
export interface EventVersioning<T extends EventType = EventType> {
  version: number;
  upcast?: (previous: Record<string, unknown>) => EventPayloads[T];
}

/** The current version of every event type. Raise one only with an upcast from the previous version. */
export const EVENT_VERSIONS: { [T in EventType]: EventVersioning<T> } = {
  'intake.application.requested': { version: 1 },
  'intake.application.qualified': { version: 1 },
  'intake.application.rejected': { version: 1 },
  'intake.application.updated': { version: 1 },
  'intake.application.contractor-named': { version: 1 },
  'intake.application.contacts-changed': { version: 1 },
  'intake.application.test-completed': { version: 1 },
  'intake.application.status-changed': { version: 1 },
  'intake.case.stalled': { version: 1 },
  'documents.templates.dispatched': { version: 1 },
  'documents.submission.received': { version: 1 },
  'documents.submission.accepted': { version: 1 },
  'documents.submission.returned': { version: 1 },
  'documents.submission.review-overdue': { version: 1 },
  'documents.applications.completed': { version: 1 },
  'documents.contractor-nda.recorded': { version: 1 },
  'documents.disclosure.recorded': { version: 1 },
  'documents.spec.delivered': { version: 1 },
  'documents.spec.received': { version: 1 },
  'documents.question.asked': { version: 1 },
  'documents.question.answered': { version: 1 },
  'documents.agreement.concluded': { version: 1 },
  'cards.card-kind.defined': { version: 1 },
  'cards.loan.opened': { version: 1 },
  'cards.loan.allocated': { version: 1 },
  'cards.loan.waiting': { version: 1 },
  'cards.loan.shipped': { version: 1 },
  'cards.loan.returned': { version: 1 },
  'cards.loan.closed': { version: 1 },
  'cards.loan.overdue': { version: 1 },
  'cards.holdings.changed': { version: 1 },
  'cards.stock.low': { version: 1 },
  'cards.units.registered': { version: 1 },
  'cards.loan.custody-changed': { version: 1 },
  'cards.loan.unit-lost': { version: 1 },
  'cards.unit.retired': { version: 1 },
  'access.contractor.registered': { version: 1 },
  'access.contractor.updated': { version: 1 },
  'access.connection-method.defined': { version: 1 },
  'access.connection.registered': { version: 1 },
  'access.connection.withdrawn': { version: 1 },
  'access.connection.linked': { version: 1 },
  'access.lgwan-task.completed': { version: 1 },
  'access.grant.created': { version: 1 },
  'access.grant.effective': { version: 1 },
  'access.grant.superseded': { version: 1 },
  'access.grant.suspended': { version: 1 },
  'access.grant.revoked': { version: 1 },
  'access.grant.reinstated': { version: 1 },
  'access.decision.proposed': { version: 1 },
  'access.decision.approved': { version: 1 },
  'access.approval-document.issued': { version: 1 },
  'access.production.ready': { version: 1 },
  'access.test-access.expiring': { version: 1 },
  'access.test-access.expired': { version: 1 },
  'access.test-access.extended': { version: 1 },
};

export function isCatalogued(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_VERSIONS, type);
}

/** The version a producer writes for a type: the catalogue's current one (1 for a type outside it, e.g. in tests). */
export function currentEventVersion(type: string): number {
  return isCatalogued(type) ? EVENT_VERSIONS[type].version : 1;
}

/** What a consumer makes of an envelope's type and version: the payload to hand to handlers, or why it cannot. */
export type EventAcceptance =
  { ok: true; version: number; payload: Record<string, unknown>; upcast: boolean } | { ok: false; reason: string };

/**
 * A consumer accepts the current and the previous version of a catalogued type (the previous one upcast), and any
 * version of a type outside the catalogue as it is. A newer version comes from a producer deployed before this
 * consumer: it is refused (parked, replayable once this service is upgraded), never guessed at.
 */
export function acceptEvent(
  type: string,
  version: number,
  payload: Record<string, unknown>,
  versions: Partial<Record<string, EventVersioning>> = EVENT_VERSIONS,
): EventAcceptance {
  const known = versions[type];
  if (!known) return { ok: true, version, payload, upcast: false };
  const { version: current, upcast } = known;
  if (version === current) return { ok: true, version, payload, upcast: false };
  if (version === current - 1 && upcast) {
    return { ok: true, version: current, payload: upcast(payload) as unknown as Record<string, unknown>, upcast: true };
  }
  return {
    ok: false,
    reason:
      version > current
        ? `${type} version ${version} is newer than this build knows (${current}); upgrade this service, then replay the dead letter`
        : `${type} version ${version} is older than this build accepts (${current} and ${current - 1})`,
  };
}

/** The envelope of any catalogued event (its payload's shape is the type's schema), for the catalogue's envelope.json. */
export type AnyEventEnvelope = EventEnvelope<Record<string, unknown>>;
