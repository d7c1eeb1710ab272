import type { MigrationInterface } from 'typeorm';

/** Entities and migrations of the cards schema, in order. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const CARDS_ENTITIES: Function[] = [];
export const CARDS_MIGRATIONS: (new () => MigrationInterface)[] = [];
