import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { ServiceName } from '@jlis/contracts';
import { connect, NatsConnection } from 'nats';
import { DataSource, MigrationInterface } from 'typeorm';
import { CaseProjection } from '../cases/case-projection';
import { Consistency } from '../consistency/consistency';
import { Clock, SystemClock } from '../clock/clock';
import { ServiceConfig } from '../config/service.config';
import { migrate, serviceDataSourceOptions } from '../data/data-source';
import { deadLettersHandler } from '../dead-letters/dead-letters.handler';
import { DeadLetterService } from '../dead-letters/dead-letters.service';
import { HealthResponder } from '../health/health-responder';
import { createLogger, Logger } from '../logging/logger';
import { ConsumerOptions, EventConsumer } from '../messaging/event-consumer';
import { Outbox } from '../messaging/outbox';
import { OutboxRelay, RelayOptions } from '../messaging/outbox-relay';
import { resyncHandler } from '../resync/resync.handler';
import { ResyncService } from '../resync/resync.service';
import { RetentionJob } from '../retention/retention.job';
import { Metrics } from '../observability/metrics';
import { OpsServer } from '../observability/ops-server';
import { Readiness } from '../observability/readiness';
import { serviceReadiness, watchServiceState } from '../observability/service-observability';
import { Scheduler } from '../scheduling/scheduler';
import { LOGGER, NATS_CONNECTION, SERVICE_OPTIONS } from './tokens';

export interface ServiceRuntimeOptions {
  service: ServiceName;
  config: ServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  migrations: (new () => MigrationInterface)[];
  /** Tests pass a ManualClock; otherwise the system clock (shifted by CLOCK_OFFSET_DAYS outside production). */
  clock?: Clock;
  consumer?: Partial<ConsumerOptions>;
  relay?: Partial<RelayOptions>;
  /** Keep the local CaseProjection from intake's events (every service but intake, which owns cases). */
  projectCases?: boolean;
}

/**
 * Starts the operations endpoint, then the relay, the consumer and the scheduler once every module registered its
 * handlers and jobs; readiness turns true when startService has the service answering.
 */
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly consumer: EventConsumer,
    private readonly scheduler: Scheduler,
    private readonly health: HealthResponder,
    private readonly ops: OpsServer,
    private readonly readiness: Readiness,
    private readonly consistency: Consistency,
    @Inject(SERVICE_OPTIONS) private readonly opts: ServiceRuntimeOptions,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, service } = this.opts;
    await this.ops.listen(config.metricsPort(service), '0.0.0.0', config.metricsPortRequired);
    this.health.start();
    await this.relay.start();
    await this.consumer.start();
    await this.consistency.start();
    this.scheduler.start();
  }

  /** Before every onApplicationShutdown: TypeORM closes the DataSource there, and work in flight still needs it. */
  async beforeApplicationShutdown(): Promise<void> {
    // First of all: report not ready, so the orchestrator sends no more work while this finishes what it holds.
    this.readiness.stopping();
    await this.scheduler.stop();
    await this.consistency.stop();
    await this.consumer.stop();
    await this.relay.stop();
    this.health.stop();
    await this.nats.drain().catch(() => undefined);
  }

  /** Last: the operations endpoint answers (not ready) until everything else has stopped. */
  async onApplicationShutdown(): Promise<void> {
    await this.ops.close();
  }
}

/**
 * Everything a domain service stands on: its schema (migrated at start), the outbox and its relay, the
 * event consumer, the scheduler, the clock, the logger and health. Import it once in a service's root module.
 */
@Global()
@Module({})
export class ServiceRuntimeModule {
  static forRoot(opts: ServiceRuntimeOptions): DynamicModule {
    const { service, config } = opts;
    const logger = createLogger(service, config.LOG_LEVEL);
    const metrics = new Metrics(service);
    return {
      module: ServiceRuntimeModule,
      controllers: [deadLettersHandler(service), resyncHandler(service)],
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            serviceDataSourceOptions({
              schema: service,
              url: config.databaseUrl(service),
              entities: opts.entities,
              migrations: opts.migrations,
              poolSize: config.DATABASE_POOL_SIZE,
              statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
              lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
            }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            const [{ superuser }]: { superuser: boolean }[] = await dataSource.query(
              `SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`,
            );
            if (superuser) {
              logger.warn(
                `connected to Postgres as a superuser: this service could read every other service's schema. Give it its own role (${service.toUpperCase()}_DATABASE_URL; npm run migrate creates it).`,
              );
            }
            const applied = await migrate(dataSource, service);
            if (applied.length) logger.info({ applied }, 'migrations applied');
            return dataSource;
          },
        }),
      ],
      providers: [
        { provide: SERVICE_OPTIONS, useValue: opts },
        { provide: ServiceConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Clock, useValue: opts.clock ?? new SystemClock(config.CLOCK_OFFSET_DAYS) },
        {
          provide: NATS_CONNECTION,
          useFactory: () => connect(config.natsOptions(service, `${service}-events`)),
        },
        { provide: Metrics, useValue: metrics },
        {
          provide: Readiness,
          inject: [getDataSourceToken(), NATS_CONNECTION],
          useFactory: (ds: DataSource, nc: NatsConnection) => serviceReadiness(ds, nc),
        },
        {
          provide: OpsServer,
          inject: [Readiness, getDataSourceToken(), EventConsumer],
          useFactory: (readiness: Readiness, ds: DataSource, consumer: EventConsumer) => {
            watchServiceState(metrics, ds, consumer, service);
            return new OpsServer(metrics, readiness, logger);
          },
        },
        { provide: Outbox, inject: [Clock], useFactory: (clock: Clock) => new Outbox(service, clock) },
        {
          provide: OutboxRelay,
          inject: [getDataSourceToken(), NATS_CONNECTION],
          useFactory: (ds: DataSource, nc: NatsConnection) =>
            new OutboxRelay(ds, nc.jetstream(), logger, {
              schema: service,
              databaseUrl: config.databaseUrl(service),
              maxAttempts: config.OUTBOX_PUBLISH_LIMIT,
              retry: config.retryPolicy(),
              metrics,
              ...opts.relay,
            }),
        },
        {
          provide: EventConsumer,
          inject: [getDataSourceToken(), NATS_CONNECTION],
          useFactory: async (ds: DataSource, nc: NatsConnection) =>
            new EventConsumer(ds, nc.jetstream(), await nc.jetstreamManager(), logger, {
              durable: service,
              maxAttempts: config.EVENT_RETRY_LIMIT,
              batchSize: config.CONSUMER_BATCH_SIZE,
              retry: config.retryPolicy(),
              metrics,
              ...opts.consumer,
            }),
        },
        {
          provide: Consistency,
          inject: [NATS_CONNECTION, EventConsumer, OutboxRelay],
          useFactory: async (nc: NatsConnection, consumer: EventConsumer, relay: OutboxRelay) =>
            new Consistency(await nc.jetstreamManager({ checkAPI: false }), consumer, relay, logger, {
              databaseUrl: config.databaseUrl(service),
              publishWaitMs: config.CONSISTENCY_PUBLISH_WAIT_MS,
              answerWithinMs: config.RPC_TIMEOUT_MS,
              catchUpWaitMs: config.CONSISTENCY_WAIT_MS,
              retryAfterSeconds: config.CONSISTENCY_RETRY_AFTER_SECONDS,
            }),
        },
        {
          provide: DeadLetterService,
          inject: [getDataSourceToken(), EventConsumer, OutboxRelay],
          useFactory: (ds: DataSource, consumer: EventConsumer, relay: OutboxRelay) =>
            new DeadLetterService(service, ds, consumer, relay, logger),
        },
        {
          provide: CaseProjection,
          inject: [getDataSourceToken(), EventConsumer],
          useFactory: (ds: DataSource, consumer: EventConsumer) => {
            const projection = new CaseProjection(ds);
            if (opts.projectCases) projection.register(consumer);
            return projection;
          },
        },
        {
          provide: Scheduler,
          inject: [getDataSourceToken()],
          useFactory: (ds: DataSource) => new Scheduler(ds, logger, service),
        },
        {
          provide: HealthResponder,
          inject: [getDataSourceToken(), NATS_CONNECTION],
          useFactory: (ds: DataSource, nc: NatsConnection) => new HealthResponder(service, nc, ds, config.INSTANCE_ID),
        },
        {
          provide: ResyncService,
          inject: [getDataSourceToken(), Outbox],
          useFactory: (ds: DataSource, outbox: Outbox) => new ResyncService(service, ds, outbox, logger),
        },
        RetentionJob,
        MessagingLifecycle,
      ],
      exports: [
        SERVICE_OPTIONS,
        ServiceConfig,
        LOGGER,
        Clock,
        NATS_CONNECTION,
        Outbox,
        OutboxRelay,
        EventConsumer,
        Consistency,
        Scheduler,
        CaseProjection,
        ResyncService,
        RetentionJob,
        Metrics,
        Readiness,
      ],
    };
  }
}

export type { Logger };
