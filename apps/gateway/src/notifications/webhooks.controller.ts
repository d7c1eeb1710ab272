import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Caller,
  WebhookDelete,
  WebhookDeleted,
  WebhookDeliveryList,
  WebhookDeliveryPage,
  WebhookGet,
  WebhookList,
  WebhookPage,
  WebhookRotateSecret,
  WebhookSubscribe,
  WebhookView,
  WebhookWithSecret,
} from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import { CurrentCaller, IdempotencyKey } from '../auth/auth.decorators';
import { UuidParam } from '../common/uuid-param.pipe';
import { ApiProblems } from '../openapi/api-problems.decorator';

const NOT_FOUND = "No such subscription, or it is another party's (operators see every subscription).";

/**
 * Webhook subscriptions of portals (api.md § Webhooks). Every role may subscribe; deliveries follow the caller's
 * read rules. A subscription is its owner's: the organisation's applicants, the contractor's users, or J-LIS's
 * operators — who also see and may delete every other.
 */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe to events of the cases the caller may read → 201 with the signing secret (shown once)',
    description:
      'Deliveries are POSTed with the Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature), retried with doubling waits for 24 h; then the subscription is disabled and contactEmail is told by mail.',
  })
  @ApiCreatedResponse({ type: WebhookWithSecret })
  @ApiProblems('WEBHOOK_URL_NOT_ALLOWED')
  subscribe(
    @CurrentCaller() caller: Caller,
    @Body() body: WebhookSubscribe.Body,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<WebhookSubscribe.Response> {
    return this.rpc.request<WebhookSubscribe.Response>(WebhookSubscribe.subject, { caller, body, idempotencyKey });
  }

  @Get()
  @ApiOperation({ summary: "The caller's subscriptions, newest first (operators: every subscription)" })
  @ApiOkResponse({ type: WebhookPage })
  list(@CurrentCaller() caller: Caller, @Query() query: WebhookList.Query): Promise<WebhookList.Response> {
    return this.rpc.request<WebhookList.Response>(WebhookList.subject, { caller, ...query });
  }

  @Get(':wid')
  @ApiOperation({ summary: 'One subscription (never its secret)' })
  @ApiOkResponse({ type: WebhookView })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  get(@CurrentCaller() caller: Caller, @Param('wid', new UuidParam('wid')) webhookId: string) {
    return this.rpc.request<WebhookGet.Response>(WebhookGet.subject, { caller, webhookId });
  }

  @Delete(':wid')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a subscription: nothing more is sent; its delivery log is kept' })
  @ApiOkResponse({ type: WebhookDeleted })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  delete(@CurrentCaller() caller: Caller, @Param('wid', new UuidParam('wid')) webhookId: string) {
    return this.rpc.request<WebhookDelete.Response>(WebhookDelete.subject, { caller, webhookId });
  }

  @Post(':wid/secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the signing secret: a new one, shown once, signs every try from now on' })
  @ApiOkResponse({ type: WebhookWithSecret })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  rotate(@CurrentCaller() caller: Caller, @Param('wid', new UuidParam('wid')) webhookId: string) {
    return this.rpc.request<WebhookRotateSecret.Response>(WebhookRotateSecret.subject, { caller, webhookId });
  }

  @Get(':wid/deliveries')
  @ApiOperation({ summary: 'The delivery log: every event sent to the subscription with each try, newest first' })
  @ApiOkResponse({ type: WebhookDeliveryPage })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  deliveries(
    @CurrentCaller() caller: Caller,
    @Param('wid', new UuidParam('wid')) webhookId: string,
    @Query() query: WebhookDeliveryList.Query,
  ) {
    return this.rpc.request<WebhookDeliveryList.Response>(WebhookDeliveryList.subject, { caller, webhookId, ...query });
  }
}
