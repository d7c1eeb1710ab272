import {
  AccessEvents,
  ApplicationSnapshot,
  CardsEvents,
  DocumentsEvents,
  GrantPayload,
  IntakeEvents,
  IntakeReminderEvents,
} from '@jlis/contracts';
import { contactEmails, primaryContact } from './mail-format';
import * as T from './templates';

/**
 * Who hears what (architecture.md): which template each event renders and to whom it goes.
 * - `jlis`: To JLIS_MAILBOX (Reply-To the applicant's primary contact when `replyToApplicant`).
 * - `contacts`: To every contact of the case.
 * - `contacts-cc-jlis`: To the contacts, Cc JLIS_MAILBOX.
 * - `contacts-and-contractor`: To the contacts and the case's contractor.
 */
export type Audience = 'jlis' | 'contacts' | 'contacts-cc-jlis' | 'contacts-and-contractor';

export interface MailRoute {
  eventType: string;
  template: T.MailTemplate<never>;
  audience: Audience;
  /** The case must be known (from the event or the projection) before the mail can be written. */
  needsCase: boolean;
  replyToApplicant?: boolean;
  /** Only events this says yes to are mailed by this route. */
  when?: (payload: never) => boolean;
}

const route = <P>(
  r: Omit<MailRoute, 'template' | 'when'> & { template: T.MailTemplate<P>; when?: (payload: P) => boolean },
): MailRoute => r;

export const MAIL_ROUTES: MailRoute[] = [
  route({
    eventType: IntakeEvents.ApplicationRequested,
    template: T.ApplicationRequestedMail,
    audience: 'jlis',
    needsCase: true,
    replyToApplicant: true,
  }),
  route({
    eventType: DocumentsEvents.TemplatesDispatched,
    template: T.ApplicationQualifiedMail,
    audience: 'contacts',
    needsCase: true,
  }),
  route({
    eventType: IntakeEvents.ApplicationRejected,
    template: T.ApplicationRejectedMail,
    audience: 'contacts',
    needsCase: true,
  }),
  route({
    eventType: DocumentsEvents.SubmissionReceived,
    template: T.SubmissionReceivedMail,
    audience: 'jlis',
    needsCase: true,
  }),
  route({
    eventType: DocumentsEvents.SubmissionReturned,
    template: T.SubmissionReturnedMail,
    audience: 'contacts',
    needsCase: true,
  }),
  route({
    eventType: DocumentsEvents.SubmissionAccepted,
    template: T.SubmissionAcceptedMail,
    audience: 'contacts',
    needsCase: true,
  }),
  route({
    eventType: DocumentsEvents.ApplicationsCompleted,
    template: T.ApplicationsCompletedMail,
    audience: 'contacts',
    needsCase: true,
  }),
  route({
    eventType: DocumentsEvents.SpecDelivered,
    template: T.SpecDeliveredMail,
    audience: 'contacts',
    needsCase: true,
  }),
  route({ eventType: CardsEvents.LoanShipped, template: T.CardsShippedMail, audience: 'contacts', needsCase: true }),
  route({
    eventType: CardsEvents.LoanOverdue,
    template: T.LoanOverdueMail,
    audience: 'contacts-cc-jlis',
    needsCase: true,
  }),
  route({ eventType: CardsEvents.LoanWaiting, template: T.LoanWaitingMail, audience: 'jlis', needsCase: false }),
  route({ eventType: CardsEvents.StockLow, template: T.StockLowMail, audience: 'jlis', needsCase: false }),
  route({ eventType: DocumentsEvents.QuestionAsked, template: T.QuestionAskedMail, audience: 'jlis', needsCase: true }),
  route({
    eventType: DocumentsEvents.QuestionAnswered,
    template: T.QuestionAnsweredMail,
    audience: 'contacts',
    needsCase: true,
  }),
  route<GrantPayload>({
    eventType: AccessEvents.GrantCreated,
    template: T.AccessGrantedMail,
    audience: 'contacts-and-contractor',
    needsCase: true,
    when: (p) => p.status !== 'scheduled',
  }),
  route<GrantPayload>({
    eventType: AccessEvents.GrantCreated,
    template: T.AccessScheduledMail,
    audience: 'contacts-and-contractor',
    needsCase: true,
    when: (p) => p.status === 'scheduled',
  }),
  // The approved A-11-2 as the PDF the local government prints, once access has rendered it (off the grant's path).
  route({
    eventType: AccessEvents.ApprovalDocumentIssued,
    template: T.ApprovalDocumentMail,
    audience: 'contacts-and-contractor',
    needsCase: true,
  }),
  route({
    eventType: AccessEvents.GrantEffective,
    template: T.AccessEffectiveMail,
    audience: 'contacts-and-contractor',
    needsCase: true,
  }),
  route({
    eventType: AccessEvents.GrantSuspended,
    template: T.AccessSuspendedMail,
    audience: 'contacts-and-contractor',
    needsCase: true,
  }),
  route({
    eventType: AccessEvents.GrantRevoked,
    template: T.AccessRevokedMail,
    audience: 'contacts-and-contractor',
    needsCase: true,
  }),
  route({
    eventType: AccessEvents.GrantReinstated,
    template: T.AccessReinstatedMail,
    audience: 'contacts-and-contractor',
    needsCase: true,
  }),
  // Reminders on Japanese business days (decision 136): last, so that the samples of the procedure keep their numbers.
  route({
    eventType: DocumentsEvents.SubmissionReviewOverdue,
    template: T.ReviewOverdueMail,
    audience: 'jlis',
    needsCase: true,
  }),
  route({
    eventType: IntakeReminderEvents.CaseStalled,
    template: T.CaseStalledMail,
    audience: 'contacts',
    needsCase: true,
  }),
  route({
    eventType: AccessEvents.TestAccessExpiring,
    template: T.TestAccessExpiringMail,
    audience: 'contacts-and-contractor',
    needsCase: true,
  }),
  route({
    eventType: AccessEvents.TestAccessExpired,
    template: T.TestAccessExpiredMail,
    audience: 'contacts-and-contractor',
    needsCase: true,
  }),
  route({
    eventType: AccessEvents.TestAccessExtended,
    template: T.TestAccessExtendedMail,
    audience: 'contacts-and-contractor',
    needsCase: true,
  }),
];

export interface Recipients {
  to: string[];
  cc: string[];
  replyTo: string | null;
}

/** Who a route's mail goes to, from the case's contacts, its contractor and J-LIS's mailbox. */
export function recipientsOf(
  route: MailRoute,
  app: ApplicationSnapshot | undefined,
  contractor: T.ContractorContact | undefined,
  jlisMailbox: string,
): Recipients {
  const contacts = contactEmails(app);
  switch (route.audience) {
    case 'jlis':
      return {
        to: [jlisMailbox],
        cc: [],
        replyTo: route.replyToApplicant && app ? (primaryContact(app)?.email ?? null) : null,
      };
    case 'contacts':
      return { to: contacts, cc: [], replyTo: null };
    case 'contacts-cc-jlis':
      // Without a contact J-LIS still hears of it (as the addressee).
      return contacts.length
        ? { to: contacts, cc: [jlisMailbox], replyTo: null }
        : { to: [jlisMailbox], cc: [], replyTo: null };
    case 'contacts-and-contractor':
      return { to: [...new Set([...contacts, ...(contractor ? [contractor.email] : [])])], cc: [], replyTo: null };
  }
}
