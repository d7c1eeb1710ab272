import { Type } from '@nestjs/common';
/** HTTP controllers of the intake service's routes (api.md); the gateway module mounts them. */
export const INTAKE_CONTROLLERS: Type<unknown>[] = [];
