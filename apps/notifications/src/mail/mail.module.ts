import { Module } from '@nestjs/common';
import { MailHandler } from './mail.handler';
import { MailSender } from './mail.sender';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Mail: rendered and stored from events (MailHandler), delivered by MailSender, listed by NotificationsService. */
@Module({
  controllers: [NotificationsController],
  providers: [MailHandler, MailSender, NotificationsService],
})
export class MailModule {}
