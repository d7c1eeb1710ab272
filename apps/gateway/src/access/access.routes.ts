// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
/** HTTP controllers of the access service's routes (api.md); the gateway module mounts them. */
export const ACCESS_CONTROLLERS: Function[] = [];
