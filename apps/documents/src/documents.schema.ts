import type { MigrationInterface } from 'typeorm';
import { DocumentsTables1764201600000 } from './migrations/1764201600000-DocumentsTables';
import { ReferenceVersions1764300000001 } from './migrations/1764300000001-ReferenceVersions';
import { QuestionNumber1764400000001 } from './migrations/1764400000001-QuestionNumber';
import { ReviewReminders1764500000001 } from './migrations/1764500000001-ReviewReminders';
import { FileDownloads1764500000003 } from './migrations/1764500000003-FileDownloads';

/** Entities and migrations of the documents schema, in order. The service works in SQL (see docs/documents.md). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const DOCUMENTS_ENTITIES: Function[] = [];
export const DOCUMENTS_MIGRATIONS: (new () => MigrationInterface)[] = [
  DocumentsTables1764201600000,
  ReferenceVersions1764300000001,
  QuestionNumber1764400000001,
  ReviewReminders1764500000001,
  FileDownloads1764500000003,
];
