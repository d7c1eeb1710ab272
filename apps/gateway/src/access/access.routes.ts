import { Type } from '@nestjs/common';
/** HTTP controllers of the access service's routes (api.md); the gateway module mounts them. */
export const ACCESS_CONTROLLERS: Type<unknown>[] = [];
