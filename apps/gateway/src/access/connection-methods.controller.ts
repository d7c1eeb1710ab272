import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, ConnectionMethodDefine, ConnectionMethodList } from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import { AllowRoles, CurrentCaller } from '../auth/auth.decorators';
import * as R from './access.responses';

/** The connection-method catalogue (LGWAN, internet VPN, dedicated line, … — not public, so operator-editable). */
@ApiTags('access')
@Controller('connection-methods')
export class ConnectionMethodsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Connection methods a registration may use (defaults present from the start)' })
  @ApiOkResponse({ type: R.ConnectionMethodItems })
  list(@CurrentCaller() caller: Caller) {
    return this.rpc.request<ConnectionMethodList.Response>(ConnectionMethodList.subject, { caller });
  }

  @Put(':code')
  @AllowRoles('operator')
  @ApiOperation({
    summary:
      'Add or change a connection method (name, active); published as ConnectionMethodDefined, every version kept',
  })
  @ApiOkResponse({ type: R.ConnectionMethodView })
  define(@CurrentCaller() caller: Caller, @Param('code') code: string, @Body() body: ConnectionMethodDefine.Body) {
    return this.rpc.request<ConnectionMethodDefine.Response>(ConnectionMethodDefine.subject, { caller, code, body });
  }
}
