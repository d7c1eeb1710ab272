export * from './portal-client';
export type { components, operations, paths } from './openapi';
