import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, NotificationList, NotificationPage } from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import { AllowRoles, CurrentCaller } from '../auth/auth.decorators';
import { ApiProblems } from '../openapi/api-problems.decorator';

/** Every mail the suite sent (or is sending), with its delivery status (api.md § Notifications). */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Get()
  @AllowRoles('operator', 'applicant')
  @ApiOperation({
    summary: 'Mail as sent, newest first',
    description:
      "Operators see every mail; applicants only the mail of their own organisation's cases (naming another organisation's case is a 404). Contractors are refused (403).",
  })
  @ApiOkResponse({ type: NotificationPage, description: 'Newest first' })
  @ApiProblems('NOT_FOUND')
  list(@CurrentCaller() caller: Caller, @Query() query: NotificationList.Query): Promise<NotificationList.Response> {
    return this.rpc.request<NotificationList.Response>(NotificationList.subject, { caller, ...query });
  }
}
