import { Module } from '@nestjs/common';
import { WebhookDeliveryJob } from './webhook-delivery.job';
import { WebhooksConsumer } from './webhooks.consumer';
import { WebhooksHandler } from './webhooks.handler';
import { WebhooksService } from './webhooks.service';

/**
 * Webhooks for portals: subscriptions (WebhooksHandler/Service), deliveries queued from events (WebhooksConsumer),
 * sent, retried and given up on by WebhookDeliveryJob.
 */
@Module({
  controllers: [WebhooksHandler],
  providers: [WebhooksService, WebhooksConsumer, WebhookDeliveryJob],
})
export class WebhooksModule {}
