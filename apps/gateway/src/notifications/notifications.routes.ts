import { Type } from '@nestjs/common';
/** HTTP controllers of the notifications service's routes (api.md); the gateway module mounts them. */
export const NOTIFICATIONS_CONTROLLERS: Type<unknown>[] = [];
