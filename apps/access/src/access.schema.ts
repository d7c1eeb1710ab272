import type { MigrationInterface } from 'typeorm';

/** Entities and migrations of the access schema, in order. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ACCESS_ENTITIES: Function[] = [];
export const ACCESS_MIGRATIONS: (new () => MigrationInterface)[] = [];
