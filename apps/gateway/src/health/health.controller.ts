import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, SERVICES, ServiceName } from '@jlis/contracts';
import { NATS_CONNECTION } from '@jlis/runtime';
import type { FastifyReply } from 'fastify';
import { NatsConnection } from 'nats';
import { Public } from '../auth/auth.decorators';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(NATS_CONNECTION) private readonly nats: NatsConnection) {}

  @Get()
  @HttpCode(200)
  @ApiOkResponse({ description: 'The gateway is alive.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'Every service answered over NATS.' })
  @ApiServiceUnavailableResponse({ description: 'Names the services that did not answer.' })
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
