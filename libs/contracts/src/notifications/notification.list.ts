import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { Page, PageQuery } from '../common/page';

export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** One mail as the notifications service stored it: exactly what went (or goes) on the wire, with its delivery state. */
export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event that caused the mail.' }) eventId: string;
  @ApiProperty({ example: 'intake.application.requested' }) eventType: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) applicationId: string | null;
  @ApiProperty({ example: 'application-requested' }) templateCode: string;
  @ApiProperty({ example: 1 }) templateVersion: number;
  @ApiProperty({ example: '<0b6e…-….application-requested@jpki-onboarding>' }) messageId: string;
  @ApiProperty() from: string;
  @ApiProperty({ type: [String] }) to: string[];
  @ApiProperty({ type: [String] }) cc: string[];
  @ApiProperty({ type: String, nullable: true }) replyTo: string | null;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ enum: MAIL_STATUSES }) status: MailStatus;
  @ApiProperty({ description: 'Delivery attempts made so far.' }) attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next attempt is due (pending only).',
  })
  nextAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
}

/** A page of mail (OpenAPI shape of NotificationList.Response). */
export class NotificationPage implements Page<NotificationView> {
  @ApiProperty({ type: [NotificationView] }) items: NotificationView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

/** `GET /api/v1/notifications`: operators see every mail; applicants only mails of their organisation's cases. */
export namespace NotificationList {
  export const subject = 'notifications.notification.list';

  @ApiSchema({ name: 'NotificationListQuery' })
  export class Query extends PageQuery {
    @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() applicationId?: string;
    @ApiPropertyOptional({ enum: MAIL_STATUSES }) @IsOptional() @IsIn(MAIL_STATUSES) status?: MailStatus;
  }

  export class Request extends Query {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }

  export type Response = Page<NotificationView>;
}
