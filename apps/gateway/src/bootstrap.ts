import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { EVENTS_STREAM } from '@jlis/contracts';
import {
  coalesceNatsWrites,
  createLogger,
  Metrics,
  NATS_CONNECTION,
  PinoNestLogger,
  strictValidationPipe,
} from '@jlis/runtime';
import type { JetStreamManager, NatsConnection } from 'nats';
import { RateLimiter } from './common/rate-limiter';
import { registerConsole } from './console/console.static';
import { ProblemFilter } from './errors/problem.filter';
import { GatewayConfig, HTTP_REQUEST_TIMEOUT_MS } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { registerBodyParsers } from './http/body-parsers';
import { registerRequestLifecycle, requestIdOf } from './http/request-lifecycle';
import { registerSecurityHeaders } from './http/security-headers';
import { openApiDocument, setApiPrefix } from './openapi/openapi.document';

/** Builds the gateway app (used by main.ts and by tests) without listening. */
export async function createGateway(config: GatewayConfig): Promise<NestFastifyApplication> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  // One socket write per event-loop turn for every NATS request this process sends (nats/coalesced-writes.ts).
  coalesceNatsWrites();
  const adapter = new FastifyAdapter({
    // Requests are logged by one hook of ours (http/request-lifecycle.ts), not by Fastify's per-request child loggers.
    logger: false,
    genReqId: requestIdOf,
    trustProxy: config.trustedProxies(),
    bodyLimit: config.JSON_BODY_LIMIT_BYTES,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: HTTP_REQUEST_TIMEOUT_MS,
    // While closing, requests on kept-alive connections are still answered (as under Express), so every answer stays
    // problem+json; Fastify's shortcut would write a bare JSON 503.
    return503OnClosing: false,
    // No Nest middleware is used; Fastify hooks do that work.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  const nats = app.get<NatsConnection>(NATS_CONNECTION);
  let jsm: Promise<JetStreamManager> | undefined;
  registerRequestLifecycle(fastify, logger, app.get(Metrics), async () => {
    jsm ??= nats.jetstreamManager({ checkAPI: false });
    const { state } = await (await jsm).streams.info(EVENTS_STREAM);
    return state.last_seq;
  });
  // Before authentication: an address that has used up its requests is refused without verifying anything.
  fastify.addHook('onRequest', app.get(RateLimiter).onRequest);
  registerBodyParsers(fastify, config.JSON_BODY_LIMIT_BYTES);
  registerSecurityHeaders(fastify);
  // The browser console (apps/console): static files with a CSP of their own, outside the API prefix.
  await registerConsole(fastify, config, logger);
  setApiPrefix(app);
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemFilter(logger));

  const document = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
