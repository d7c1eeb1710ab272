import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, SERVICES, ServiceName } from '@jlis/contracts';
import { NATS_CONNECTION } from '@jlis/runtime';
import type { FastifyReply } from 'fastify';
import { NatsConnection } from 'nats';
import { Public } from '../auth/auth.decorators';
import * as R from './health.responses';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(NATS_CONNECTION) private readonly nats: NatsConnection) {}

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the gateway process answers (no token)' })
  @ApiOkResponse({ type: R.Liveness, description: 'The gateway is alive.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: every service answers over NATS, else 503 naming those that did not (no token)',
  })
  @ApiOkResponse({ type: R.Readiness, description: 'Every service answered over NATS.' })
  async ready(@Res({ passthrough: true }) res: FastifyReply) {
    const answers = await Promise.all(SERVICES.map((service) => this.ask(service)));
    const missing = answers.filter((a) => !a.ok).map((a) => a.service);
    if (missing.length) {
      res.status(503).type('application/problem+json');
      return {
        type: 'urn:jlis:problem:service-unavailable',
        title: 'Service Unavailable',
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        detail: `Not ready: ${missing.join(', ')} did not answer.`,
        instance: res.request.url,
        // Like every problem, so an operator can find the log lines of this check.
        requestId: res.request.id,
        missing,
        services: answers,
      };
    }
    return { status: 'ready', services: answers };
  }

  private async ask(service: ServiceName): Promise<HealthCheck.Response | { service: ServiceName; ok: false }> {
    try {
      const msg = await this.nats.request(HealthCheck.subject(service), '', { timeout: 2000 });
      return msg.json<HealthCheck.Response>();
    } catch {
      return { service, ok: false };
    }
  }
}
