import type { MigrationInterface } from 'typeorm';

/** Entities and migrations of the documents schema, in order. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const DOCUMENTS_ENTITIES: Function[] = [];
export const DOCUMENTS_MIGRATIONS: (new () => MigrationInterface)[] = [];
