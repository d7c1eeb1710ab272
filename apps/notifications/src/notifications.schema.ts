import type { MigrationInterface } from 'typeorm';

/** Entities and migrations of the notifications schema, in order. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const NOTIFICATIONS_ENTITIES: Function[] = [];
export const NOTIFICATIONS_MIGRATIONS: (new () => MigrationInterface)[] = [];
