import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotificationList } from '@jlis/contracts';
import { NotificationsService } from './notifications.service';

@Controller()
export class NotificationsController {
  constructor(private readonly service: NotificationsService) {}

  @MessagePattern(NotificationList.subject) list(@Payload() req: NotificationList.Request) {
    return this.service.list(req);
  }
}
