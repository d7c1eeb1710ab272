import { Type } from '@nestjs/common';
/** HTTP controllers of the cards service's routes (api.md); the gateway module mounts them. */
export const CARDS_CONTROLLERS: Type<unknown>[] = [];
