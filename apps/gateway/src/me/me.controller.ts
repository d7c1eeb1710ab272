import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '@jlis/contracts';
import { CurrentCaller } from '../auth/auth.decorators';

/** Who the token says the caller is: lets a portal show the signed-in party. */
@ApiTags('identity')
@Controller('me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'Who the token says the caller is (sub, role, org or contractor)' })
  @ApiOkResponse({ type: Caller })
  me(@CurrentCaller() caller: Caller): Caller {
    return caller;
  }
}
