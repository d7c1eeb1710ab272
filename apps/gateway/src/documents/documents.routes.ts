import { Type } from '@nestjs/common';
/** HTTP controllers of the documents service's routes (api.md); the gateway module mounts them. */
export const DOCUMENTS_CONTROLLERS: Type<unknown>[] = [];
