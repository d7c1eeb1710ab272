// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
/** HTTP controllers of the documents service's routes (api.md); the gateway module mounts them. */
export const DOCUMENTS_CONTROLLERS: Function[] = [];
