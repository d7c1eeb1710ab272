import { AllServices } from './all-services';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersGateway } from './dead-letters.gateway';

/** Operators' routes that span every service (dead letters); the gateway module mounts them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ADMIN_CONTROLLERS: Function[] = [DeadLettersController];
export const ADMIN_PROVIDERS = [AllServices, DeadLettersGateway];
