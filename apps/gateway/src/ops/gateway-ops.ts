import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LOGGER, Logger, Metrics, natsAnswers, OpsServer, Readiness } from '@jlis/runtime';
import type { Server } from 'node:http';
import type { NatsConnection } from 'nats';
import { GatewayConfig } from '../gateway.config';

/**
 * The gateway's readiness is its own: it listens for HTTP and NATS answers. One service being down must not take
 * the whole API out of the load balancer (docs/operations.md § Health and metrics).
 */
export function gatewayReadiness(nats: NatsConnection, http: HttpAdapterHost): Readiness {
  return new Readiness()
    .add('http', async () => (http.httpAdapter?.getHttpServer() as Server | undefined)?.listening === true)
    .add('nats', () => natsAnswers(nats));
}

/** The gateway's operations endpoint on METRICS_PORT: started with the app, not ready from the first shutdown step. */
@Injectable()
export class GatewayOps implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly server: OpsServer;

  constructor(
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
    @Inject(Metrics) metrics: Metrics,
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.server = new OpsServer(metrics, readiness, logger);
  }

  get port(): number | undefined {
    return this.server.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.server.listen(this.config.metricsPort('gateway'), '0.0.0.0', this.config.metricsPortRequired);
    this.readiness.started();
  }

  beforeApplicationShutdown(): void {
    this.readiness.stopping();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}
