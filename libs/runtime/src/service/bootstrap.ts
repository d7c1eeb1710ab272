import { INestMicroservice, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { NatsConnection } from 'nats';
import { ConfigError } from '../config/load-config';
import { Consistency } from '../consistency/consistency';
import { ServiceConfig } from '../config/service.config';
import { RpcContextInterceptor } from '../context/rpc-context.interceptor';
import { RpcErrorFilter } from '../errors/rpc-error.filter';
import { validationExceptionFactory } from '../errors/validation';
import { createLogger } from '../logging/logger';
import { PinoNestLogger } from '../logging/nest-logger';
import { coalesceNatsWrites } from '../nats/coalesced-writes';
import { Metrics } from '../observability/metrics';
import { Readiness } from '../observability/readiness';
import { callerAssertionVerifier } from '../security/caller-assertion.config';
import { GracefulNatsServer } from './graceful-nats-server';
import { stopOnSignals } from './shutdown';
import { startTracing } from '../observability/tracing';
import { CompiledValidationPipe } from '../validation/compiled-validation';

export interface StartOptions {
  /** main.ts: stop gracefully on SIGTERM/SIGINT and exit (never in tests, which close the app themselves). */
  exitOnSignals?: boolean;
}

/**
 * The ValidationPipe of every edge (HTTP and NATS): unknown fields refused, payloads typed; each class's rules gathered
 * once (validation/compiled-validation.ts), errors still built by Nest's pipe.
 */
export function strictValidationPipe(): ValidationPipe {
  return new CompiledValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationExceptionFactory,
  });
}

/**
 * Starts a domain service: a NATS microservice in the queue group named after the service (so instances
 * share requests), validating every payload and answering errors as coded payloads.
 */
export async function startService(
  service: string,
  module: unknown,
  config: ServiceConfig,
  options: StartOptions = {},
): Promise<INestMicroservice> {
  const logger = createLogger(service, config.LOG_LEVEL);
  coalesceNatsWrites();
  // Without the gateway's public key a service could not tell a caller from a forgery: a configuration error (78).
  const verifier = callerAssertionVerifier(config);
  const server = new GracefulNatsServer(
    { ...config.natsOptions(service, `${service}-rpc`), queue: service },
    config.SHUTDOWN_TIMEOUT_MS,
  );
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module as never, {
    strategy: server,
    logger: new PinoNestLogger(logger),
  });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new RpcErrorFilter(logger));
  app.useGlobalInterceptors(
    new RpcContextInterceptor(verifier, logger, app.get(Metrics), service, app.get(Consistency)),
  );
  await app.listen();
  // Subscriptions are sent asynchronously; flushing makes "started" mean "answering".
  await app.unwrap<NatsConnection>().flush();
  const readiness = app.get(Readiness);
  readiness.started();
  if (options.exitOnSignals) stopOnSignals(app, { timeoutMs: config.SHUTDOWN_TIMEOUT_MS, logger, readiness });
  logger.info('ready');
  return app;
}

/**
 * The body of every `main.ts`: load config, start, and turn a configuration mistake into one readable
 * message and exit code 78 (EX_CONFIG) instead of a stack trace.
 */
export function runMain(service: string, start: () => Promise<unknown>): void {
  // Tracing first (when OTEL_EXPORTER_OTLP_ENDPOINT is set), so the SDK's context manager is in place for everything.
  startTracing(service)
    .then(start)
    .catch((error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${service}: ${error.message}\n`);
        process.exit(78);
      }
      process.stderr.write(
        `${service}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    });
}
