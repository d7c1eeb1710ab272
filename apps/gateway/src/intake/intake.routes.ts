import { ApplicationsController } from './applications.controller';
import { LocalGovernmentsController } from './local-governments.controller';

/** HTTP controllers of the intake service's routes (api.md); the gateway module mounts them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const INTAKE_CONTROLLERS: Function[] = [LocalGovernmentsController, ApplicationsController];
