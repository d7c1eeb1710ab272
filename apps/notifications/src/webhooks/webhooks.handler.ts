import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  WebhookDelete,
  WebhookDeliveryList,
  WebhookGet,
  WebhookList,
  WebhookRotateSecret,
  WebhookSubscribe,
} from '@jlis/contracts';
import { WebhooksService } from './webhooks.service';

/** Commands and queries of portals' webhook subscriptions. */
@Controller()
export class WebhooksHandler {
  constructor(private readonly service: WebhooksService) {}

  @MessagePattern(WebhookSubscribe.subject) subscribe(@Payload() req: WebhookSubscribe.Request) {
    return this.service.subscribe(req);
  }

  @MessagePattern(WebhookList.subject) list(@Payload() req: WebhookList.Request) {
    return this.service.list(req);
  }

  @MessagePattern(WebhookGet.subject) get(@Payload() req: WebhookGet.Request) {
    return this.service.get(req);
  }

  @MessagePattern(WebhookDelete.subject) delete(@Payload() req: WebhookDelete.Request) {
    return this.service.delete(req);
  }

  @MessagePattern(WebhookRotateSecret.subject) rotate(@Payload() req: WebhookRotateSecret.Request) {
    return this.service.rotateSecret(req);
  }

  @MessagePattern(WebhookDeliveryList.subject) deliveries(@Payload() req: WebhookDeliveryList.Request) {
    return this.service.deliveries(req);
  }
}
