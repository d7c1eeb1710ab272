import type { MigrationInterface } from 'typeorm';
import { AccessTables1764201600000 } from './migrations/1764201600000-AccessTables';
import { ConnectionMethodHistory1764288000000 } from './migrations/1764288000000-ConnectionMethodHistory';
import { AccessDecisions1764374400000 } from './migrations/1764374400000-AccessDecisions';
import { ApprovalDocuments1764374400001 } from './migrations/1764374400001-ApprovalDocuments';
import { ApprovalDocumentsDue1764460800000 } from './migrations/1764460800000-ApprovalDocumentsDue';
import { TestAccessTerm1764500000002 } from './migrations/1764500000002-TestAccessTerm';
import { AgreementVersionKey1764500000004 } from './migrations/1764500000004-AgreementVersionKey';

/** Entities and migrations of the access schema, in order. Access works in SQL (no entities). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ACCESS_ENTITIES: Function[] = [];
export const ACCESS_MIGRATIONS: (new () => MigrationInterface)[] = [
  AccessTables1764201600000,
  ConnectionMethodHistory1764288000000,
  AccessDecisions1764374400000,
  ApprovalDocuments1764374400001,
  ApprovalDocumentsDue1764460800000,
  TestAccessTerm1764500000002,
  AgreementVersionKey1764500000004,
];
