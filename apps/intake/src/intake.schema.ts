import type { MigrationInterface } from 'typeorm';

/** Entities and migrations of the intake schema, in order. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const INTAKE_ENTITIES: Function[] = [];
export const INTAKE_MIGRATIONS: (new () => MigrationInterface)[] = [];
