import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Caller,
  DeadLetterDiscard,
  DeadLetterList,
  DeadLetterPage,
  DeadLetterReplay,
  DeadLetterView,
} from '@jlis/contracts';
import { AllowRoles, CurrentCaller } from '../auth/auth.decorators';
import { UuidParam } from '../common/uuid-param.pipe';
import { DeadLettersGateway } from './dead-letters.gateway';
import { ApiProblems } from '../openapi/api-problems.decorator';

/** Dead letters of every service, for J-LIS operators (docs/security.md § Durability). */
@ApiTags('operations')
@Controller('admin/dead-letters')
@AllowRoles('operator')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersGateway) {}

  @Get()
  @ApiOperation({
    summary: 'Events a service could not apply or publish, across the services, newest first',
    description:
      'Each service is asked for its own; `unavailable` names the services that did not answer (their dead letters are missing from this answer).',
  })
  @ApiOkResponse({ type: DeadLetterPage })
  list(@CurrentCaller() caller: Caller, @Query() query: DeadLetterList.Query): Promise<DeadLetterPage> {
    return this.deadLetters.list(caller, query);
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Apply the event again now (or publish the parked event now)',
    description:
      'Succeeds: the dead letter is `replayed`. Fails again: 409 DEAD_LETTER_REPLAY_FAILED, the error is added to its history and it stays parked.',
  })
  @ApiOkResponse({ type: DeadLetterView })
  @ApiProblems('DEAD_LETTER_REPLAY_FAILED', 'DEAD_LETTER_CLOSED')
  replay(@CurrentCaller() caller: Caller, @Param('id', new UuidParam()) id: string): Promise<DeadLetterView> {
    return this.deadLetters.act<DeadLetterReplay.Response>(DeadLetterReplay.subject, { caller, id });
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give up on a dead letter, with a reason (kept in its history; the letter itself stays)',
  })
  @ApiOkResponse({ type: DeadLetterView })
  @ApiProblems('DEAD_LETTER_CLOSED')
  discard(
    @CurrentCaller() caller: Caller,
    @Param('id', new UuidParam()) id: string,
    @Body() body: DeadLetterDiscard.Body,
  ): Promise<DeadLetterView> {
    return this.deadLetters.act<DeadLetterDiscard.Response>(DeadLetterDiscard.subject, { caller, id, body });
  }
}
