// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
/** HTTP controllers of the cards service's routes (api.md); the gateway module mounts them. */
export const CARDS_CONTROLLERS: Function[] = [];
