import { AllServices } from './all-services';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersGateway } from './dead-letters.gateway';
import { ResyncController } from './resync.controller';

/** Operators' routes that span every service (dead letters, resync); the gateway module mounts them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ADMIN_CONTROLLERS: Function[] = [DeadLettersController, ResyncController];
export const ADMIN_PROVIDERS = [AllServices, DeadLettersGateway];
