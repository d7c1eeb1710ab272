import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AllowlistGet, AllowlistView, Caller } from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import type { FastifyReply } from 'fastify';
import { AllowRoles, CurrentCaller } from '../auth/auth.decorators';
import { allowlistCsv } from './allowlist.csv';
import * as R from './access.responses';

/** The allowlist of the networks that have access on a day, per environment (JSON or CSV). */
@ApiTags('access')
@ApiExtraModels(R.AllowlistView)
@Controller('access')
export class AllowlistController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('allowlist')
  @AllowRoles('operator')
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(R.AllowlistView) } },
      'text/csv': { schema: { type: 'string', description: 'One line per CIDR and case (format=csv).' } },
    },
  })
  @ApiOperation({
    summary:
      'What the network team configures on a date: every CIDR with method, contractor, cases and effective dates (format=json|csv)',
  })
  async allowlist(
    @CurrentCaller() caller: Caller,
    @Query() query: AllowlistGet.Query,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const view = await this.rpc.request<AllowlistView>(AllowlistGet.subject, {
      caller,
      environment: query.environment,
      date: query.date,
    });
    if (query.format !== 'csv') return view;
    res.header('content-type', 'text/csv; charset=utf-8');
    res.header('content-disposition', `attachment; filename="allowlist-${view.environment}-${view.date}.csv"`);
    return allowlistCsv(view);
  }
}
