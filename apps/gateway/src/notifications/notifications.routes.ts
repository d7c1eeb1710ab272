import { NotificationsController } from './notifications.controller';
import { WebhooksController } from './webhooks.controller';

/** HTTP controllers of the notifications service's routes (api.md); the gateway module mounts them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const NOTIFICATIONS_CONTROLLERS: Function[] = [NotificationsController, WebhooksController];
