import type { MailTemplate } from './mail-template';
import { ApplicationQualifiedMail, ApplicationRejectedMail, ApplicationRequestedMail } from './application.templates';
import {
  ApplicationsCompletedMail,
  SpecDeliveredMail,
  SubmissionAcceptedMail,
  SubmissionReceivedMail,
  SubmissionReturnedMail,
} from './documents.templates';
import { CardsShippedMail, LoanOverdueMail, LoanWaitingMail, StockLowMail } from './cards.templates';
import { QuestionAnsweredMail, QuestionAskedMail } from './questions.templates';
import {
  AccessEffectiveMail,
  AccessGrantedMail,
  AccessReinstatedMail,
  AccessRevokedMail,
  AccessScheduledMail,
  AccessSuspendedMail,
  ApprovalDocumentMail,
} from './access.templates';
import {
  CaseStalledMail,
  ReviewOverdueMail,
  TestAccessExpiredMail,
  TestAccessExpiringMail,
  TestAccessExtendedMail,
} from './reminders.templates';

export * from './mail-template';
export * from './application.templates';
export * from './documents.templates';
export * from './cards.templates';
export * from './questions.templates';
export * from './access.templates';
export * from './reminders.templates';

/** Every template, in the order of the procedure (docs/notifications.md, docs/mail-samples/). */
export const ALL_TEMPLATES: MailTemplate<never>[] = [
  ApplicationRequestedMail,
  ApplicationQualifiedMail,
  ApplicationRejectedMail,
  SubmissionReceivedMail,
  SubmissionReturnedMail,
  SubmissionAcceptedMail,
  ApplicationsCompletedMail,
  SpecDeliveredMail,
  CardsShippedMail,
  LoanOverdueMail,
  LoanWaitingMail,
  StockLowMail,
  QuestionAskedMail,
  QuestionAnsweredMail,
  AccessGrantedMail,
  AccessScheduledMail,
  AccessEffectiveMail,
  AccessSuspendedMail,
  AccessRevokedMail,
  AccessReinstatedMail,
  ApprovalDocumentMail,
  ReviewOverdueMail,
  CaseStalledMail,
  TestAccessExpiringMail,
  TestAccessExpiredMail,
  TestAccessExtendedMail,
] as MailTemplate<never>[];
