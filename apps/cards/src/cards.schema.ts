import type { MigrationInterface } from 'typeorm';
import { CardsTables1764201600000 } from './migrations/1764201600000-CardsTables';

/** Entities and migrations of the cards schema, in order. The service works in SQL (row locks, SKIP LOCKED), so no entities. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const CARDS_ENTITIES: Function[] = [];
export const CARDS_MIGRATIONS: (new () => MigrationInterface)[] = [CardsTables1764201600000];
