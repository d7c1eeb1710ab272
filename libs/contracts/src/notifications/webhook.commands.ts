import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Caller } from '../caller';
import { Page, PageQuery } from '../common/page';
import {
  WEBHOOK_EVENT_TYPES,
  WebhookDeleted,
  WebhookDeliveryView,
  WebhookEventType,
  WebhookView,
  WebhookWithSecret,
} from './webhook.views';

/** `POST /api/v1/webhooks`: subscribe to events of the cases the caller may read. */
export namespace WebhookSubscribe {
  export const subject = 'notifications.webhook.subscribe';
  @ApiSchema({ name: 'WebhookSubscribeBody' })
  export class Body {
    @ApiProperty({
      example: 'https://portal.example.jp/jpki/webhooks',
      description:
        'Where deliveries are POSTed (https in production; never a private, loopback or link-local address).',
    })
    @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
    @MaxLength(2000)
    url: string;
    @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
    @IsArray()
    @ArrayMinSize(1)
    @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
    @ArrayUnique()
    @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
    eventTypes: WebhookEventType[];
    @ApiProperty({
      example: 'portal-ops@example.lg.jp',
      description: 'Who is told by mail when the subscription is disabled after failing for the whole retry period.',
    })
    @IsEmail()
    @MaxLength(254)
    contactEmail: string;
    @ApiPropertyOptional({ example: '住民窓口ポータル' })
    @IsOptional()
    @IsString()
    @MaxLength(200)
    description?: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @ValidateNested() @Type(() => Body) body: Body;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
  }
  export type Response = WebhookWithSecret;
}

export namespace WebhookList {
  export const subject = 'notifications.webhook.list';
  @ApiSchema({ name: 'WebhookListQuery' })
  export class Query extends PageQuery {}
  export class Request extends Query {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }
  export type Response = Page<WebhookView>;
}

/** A request about one subscription (get, delete, rotate its secret). */
export class WebhookRequest {
  @ValidateNested() @Type(() => Caller) caller: Caller;
  @IsUUID() webhookId: string;
}

export namespace WebhookGet {
  export const subject = 'notifications.webhook.get';
  export class Request extends WebhookRequest {}
  export type Response = WebhookView;
}

export namespace WebhookDelete {
  export const subject = 'notifications.webhook.delete';
  export class Request extends WebhookRequest {}
  export type Response = WebhookDeleted;
}

export namespace WebhookRotateSecret {
  export const subject = 'notifications.webhook.rotate-secret';
  export class Request extends WebhookRequest {}
  export type Response = WebhookWithSecret;
}

export namespace WebhookDeliveryList {
  export const subject = 'notifications.webhook.deliveries';
  @ApiSchema({ name: 'WebhookDeliveryListQuery' })
  export class Query extends PageQuery {}
  export class Request extends Query {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() webhookId: string;
  }
  export type Response = Page<WebhookDeliveryView>;
}
