import type { MigrationInterface } from 'typeorm';
import { IntakeTables1764200000000 } from './migrations/1764200000000-IntakeTables';
import { LoadLocalGovernments1764200000001 } from './migrations/1764200000001-LoadLocalGovernments';
import { ContactSetOrder1764300000002 } from './migrations/1764300000002-ContactSetOrder';
import { ReceptionNumber1764400000000 } from './migrations/1764400000000-ReceptionNumber';
import { TestCompletion1764400000002 } from './migrations/1764400000002-TestCompletion';
import { StallReminders1764500000000 } from './migrations/1764500000000-StallReminders';
import { LgpkiTask1764500000005 } from './migrations/1764500000005-LgpkiTask';
import { ContractorA03021764500000006 } from './migrations/1764500000006-ContractorA0302';

/**
 * Entities and migrations of the intake schema, in order. Intake reads and writes with SQL through the
 * transaction's EntityManager (row types beside each service), so it registers no TypeORM entities.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const INTAKE_ENTITIES: Function[] = [];
export const INTAKE_MIGRATIONS: (new () => MigrationInterface)[] = [
  IntakeTables1764200000000,
  LoadLocalGovernments1764200000001,
  ContactSetOrder1764300000002,
  ReceptionNumber1764400000000,
  TestCompletion1764400000002,
  StallReminders1764500000000,
  LgpkiTask1764500000005,
  ContractorA03021764500000006,
];
