import { NotificationsController } from './notifications.controller';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
/** HTTP controllers of the notifications service's routes (api.md); the gateway module mounts them. */
export const NOTIFICATIONS_CONTROLLERS: Function[] = [NotificationsController];
