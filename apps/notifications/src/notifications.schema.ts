import type { MigrationInterface } from 'typeorm';
import { MailTables1764201600000 } from './migrations/1764201600000-MailTables';
import { MailAttachments1764374400000 } from './migrations/1764374400000-MailAttachments';
import { CardKindNames1764460800000 } from './migrations/1764460800000-CardKindNames';
import { MailTraceParent1765152000000 } from './migrations/1765152000000-MailTraceParent';
import { WebhookTables1764950400000 } from './migrations/1764950400000-WebhookTables';

/** Entities and migrations of the notifications schema, in order (the service works with raw SQL on its tables). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const NOTIFICATIONS_ENTITIES: Function[] = [];
export const NOTIFICATIONS_MIGRATIONS: (new () => MigrationInterface)[] = [
  MailTables1764201600000,
  MailAttachments1764374400000,
  CardKindNames1764460800000,
  WebhookTables1764950400000,
  MailTraceParent1765152000000,
];
