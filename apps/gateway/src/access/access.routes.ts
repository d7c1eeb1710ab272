import { AccessDecisionsController } from './access-decisions.controller';
import { AccessGrantsController } from './access-grants.controller';
import { AllowlistController } from './allowlist.controller';
import { ApplicationAccessController } from './application-access.controller';
import { ConnectionMethodsController } from './connection-methods.controller';
import { ConnectionsController, ContractorsController } from './contractors.controller';

/** HTTP controllers of the access service's routes (api.md); the gateway module mounts them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ACCESS_CONTROLLERS: Function[] = [
  ContractorsController,
  ConnectionsController,
  ApplicationAccessController,
  AccessGrantsController,
  AccessDecisionsController,
  AllowlistController,
  ConnectionMethodsController,
];
