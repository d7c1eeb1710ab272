import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, ResyncAnswer, ResyncRun } from '@jlis/contracts';
import { AllowRoles, CurrentCaller } from '../auth/auth.decorators';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { AllServices } from './all-services';

/** Owners re-publish what others project, for J-LIS operators (docs/security.md § Retention). */
@ApiTags('operations')
@Controller('admin/resync')
@AllowRoles('operator')
export class ResyncController {
  constructor(@Inject(AllServices) private readonly services: AllServices) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Every service re-publishes the current state of what other services project',
    description:
      'Catalogues, contractors and their connection registrations, case snapshots: events marked `resync`, which only projections apply (no mail, no timeline entry). For a new consumer or a service moved to a fresh database once the EVENTS stream has dropped the original events (EVENTS_MAX_AGE_HOURS). `unavailable` names the services that did not answer: ask again once they are back.',
  })
  @ApiOkResponse({ type: ResyncAnswer })
  // It takes no body, but a POST may still carry one the JSON parser refuses.
  @ApiProblems('BAD_REQUEST', 'VALIDATION_FAILED')
  async resync(@CurrentCaller() caller: Caller): Promise<ResyncAnswer> {
    const { answers, failures } = await this.services.ask<ResyncRun.Response>(ResyncRun.subject, { caller });
    // A refusal (not a service that could not answer) is the answer: the caller may not do this.
    const refused = failures.find((f) => f.error.status < 500);
    if (refused) throw refused.error;
    return { services: answers.map((a) => a.value), unavailable: failures.map((f) => f.service) };
  }
}
