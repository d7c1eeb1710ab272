import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import {
  callerAssertionSigner,
  createLogger,
  LOGGER,
  Metrics,
  NATS_CONNECTION,
  Readiness,
  RpcClient,
} from '@jlis/runtime';
import { connect, NatsConnection } from 'nats';
import { ACCESS_CONTROLLERS } from './access/access.routes';
import { ADMIN_CONTROLLERS, ADMIN_PROVIDERS } from './admin/admin.routes';
import { AuthGuard } from './auth/auth.guard';
import { JwtVerifier } from './auth/jwt-verifier';
import { CARDS_CONTROLLERS } from './cards/cards.routes';
import { RateLimiter } from './common/rate-limiter';
import { DOCUMENTS_CONTROLLERS, DOCUMENTS_PROVIDERS } from './documents/documents.routes';
import { GatewayConfig } from './gateway.config';
import { HealthController } from './health/health.controller';
import { DevTokenController } from './dev/dev-token.controller';
import { MeController } from './me/me.controller';
import { INTAKE_CONTROLLERS } from './intake/intake.routes';
import { NOTIFICATIONS_CONTROLLERS } from './notifications/notifications.routes';
import { GatewayOps, gatewayReadiness } from './ops/gateway-ops';
import { RpcLifecycle } from './rpc/gateway-rpc.provider';

class NatsLifecycle implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nats: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.nats.drain().catch(() => undefined);
  }
}

/** Every HTTP controller, in the order the OpenAPI document lists their routes. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const GATEWAY_CONTROLLERS: Function[] = [
  HealthController,
  MeController,
  DevTokenController,
  ...INTAKE_CONTROLLERS,
  ...DOCUMENTS_CONTROLLERS,
  ...CARDS_CONTROLLERS,
  ...ACCESS_CONTROLLERS,
  ...NOTIFICATIONS_CONTROLLERS,
  ...ADMIN_CONTROLLERS,
];

/** The HTTP API: authentication, rate limits, and one controller per resource of api.md, each forwarding over NATS. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const logger = createLogger('gateway', config.LOG_LEVEL);
    const signer = callerAssertionSigner(config);
    const metrics = new Metrics('gateway');
    // Which key services must know (CALLER_ASSERTION_PUBLIC_KEYS): the first thing to compare when they refuse it.
    logger.info({ kid: signer.kid, publicKey: signer.publicKey }, 'signing callers with this caller-assertion key');
    return {
      module: GatewayModule,
      controllers: GATEWAY_CONTROLLERS as never[],
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: RpcClient,
          useValue: new RpcClient(config.natsOptions('gateway', 'gateway-rpc'), config.RPC_TIMEOUT_MS, signer, metrics),
        },
        { provide: Metrics, useValue: metrics },
        {
          provide: Readiness,
          inject: [NATS_CONNECTION, HttpAdapterHost],
          useFactory: (nats: NatsConnection, http: HttpAdapterHost) => gatewayReadiness(nats, http),
        },
        GatewayOps,
        RpcLifecycle,
        {
          provide: NATS_CONNECTION,
          useFactory: () => connect(config.natsOptions('gateway')),
        },
        NatsLifecycle,
        ...DOCUMENTS_PROVIDERS,
        ...ADMIN_PROVIDERS,
        { provide: JwtVerifier, useValue: new JwtVerifier(config) },
        RateLimiter,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [GatewayConfig, LOGGER, RpcClient, NATS_CONNECTION, Metrics, Readiness],
    };
  }
}
