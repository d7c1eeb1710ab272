import { Expose, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { ServiceName } from '@jlis/contracts';
import type { ConnectionOptions } from 'nats';
import type { RetryPolicy } from '../messaging/retry-policy';
import { DEFAULT_METRICS_PORTS } from '../observability/ops-server';
import { natsConnectionOptions, natsSettingProblems } from '../nats/nats-connection';
import { callerAssertionPublicKeyProblems } from '../security/caller-assertion.config';
import { RetentionSettings } from './retention.config';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const AUTH_MODES = ['development', 'production'] as const;
const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

/** Variables every service reads (retention and database timeouts: RetentionSettings). Documented in README.md § Configuration. */
export class ServiceConfig extends RetentionSettings {
  @Expose()
  @IsIn(NODE_ENVS, { message: 'NODE_ENV must be one of development, test, production' })
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  /**
   * `development` turns on what only a developer's machine may have (the gateway's HS256 development tokens);
   * anything else, unset included, is production-like. Never implied by NODE_ENV: it must be asked for.
   */
  @Expose()
  @IsOptional()
  @IsIn(AUTH_MODES, { message: 'AUTH_MODE must be development or production (or unset, which means production)' })
  AUTH_MODE?: (typeof AUTH_MODES)[number];

  @Expose()
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/jlis';

  /**
   * A service's own connection (its own role), overriding DATABASE_URL for that service only: each service connects
   * as a role that owns its schema and has no rights on any other (docs/security.md).
   */
  @Expose()
  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'INTAKE_DATABASE_URL must be a postgres:// URL' })
  INTAKE_DATABASE_URL?: string;
  @Expose()
  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'DOCUMENTS_DATABASE_URL must be a postgres:// URL' })
  DOCUMENTS_DATABASE_URL?: string;
  @Expose()
  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'CARDS_DATABASE_URL must be a postgres:// URL' })
  CARDS_DATABASE_URL?: string;
  @Expose()
  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'ACCESS_DATABASE_URL must be a postgres:// URL' })
  ACCESS_DATABASE_URL?: string;
  @Expose()
  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'NOTIFICATIONS_DATABASE_URL must be a postgres:// URL' })
  NOTIFICATIONS_DATABASE_URL?: string;

  @Expose()
  @Matches(/^(nats|tls):\/\/\S+(,(nats|tls):\/\/\S+)*$/, {
    message: 'NATS_URL must be one or more nats:// URLs, comma-separated',
  })
  NATS_URL = 'nats://127.0.0.1:4222';

  /** This process's NATS identity: an nkey user seed (deploy/nats, docs/security.md). Or NATS_NKEY_SEED_FILE. */
  @Expose()
  @IsOptional()
  @Matches(/^SU[A-Z2-7]{56}$/, { message: 'NATS_NKEY_SEED must be an nkey user seed (58 characters starting SU)' })
  NATS_NKEY_SEED?: string;

  /** A file holding the seed (a mounted secret); read at start. */
  @Expose() @IsOptional() @IsString() NATS_NKEY_SEED_FILE?: string;

  /**
   * The gateway's caller-assertion public key(s): Ed25519, 43 base64url characters each, comma-separated (several
   * while the gateway's key is rotated). Required by every domain service. Or CALLER_ASSERTION_PUBLIC_KEYS_FILE.
   */
  @Expose() @IsOptional() @IsString() CALLER_ASSERTION_PUBLIC_KEYS?: string;
  @Expose() @IsOptional() @IsString() CALLER_ASSERTION_PUBLIC_KEYS_FILE?: string;

  /** CA bundle that signed the NATS server's certificate (with tls:// URLs). */
  @Expose() @IsOptional() @IsString() NATS_TLS_CA_FILE?: string;
  /** Client certificate and key, when the server asks for mutual TLS. */
  @Expose() @IsOptional() @IsString() NATS_TLS_CERT_FILE?: string;
  @Expose() @IsOptional() @IsString() NATS_TLS_KEY_FILE?: string;

  @Expose()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  /** Connections in this instance's Postgres pool. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'DATABASE_POOL_SIZE must be a whole number' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be at least 1' })
  @Max(200, { message: 'DATABASE_POOL_SIZE must be at most 200' })
  DATABASE_POOL_SIZE = 10;

  /** How long a request over NATS may take before the caller gives up. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'RPC_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'RPC_TIMEOUT_MS must be at least 100' })
  @Max(120000, { message: 'RPC_TIMEOUT_MS must be at most 120000' })
  RPC_TIMEOUT_MS = 5000;

  /**
   * Read-your-writes (docs/api.md § Consistency tokens): how long a command's answer waits until the events it wrote
   * are in the stream (it then says where, as its consistency token). 0 leaves them to the outbox relay alone. Never
   * past the caller's RPC_TIMEOUT_MS (less half a second). An answer given before its events are in the stream has no
   * position of its own, and a dependent command or a read at its token may not see it: 3 s, as a machine starved
   * of CPU took more than 1 s to publish hundreds of times in a 200-case run (docs/benchmarks.md).
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'CONSISTENCY_PUBLISH_WAIT_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'CONSISTENCY_PUBLISH_WAIT_MS must be at least 0' })
  @Max(10_000, { message: 'CONSISTENCY_PUBLISH_WAIT_MS must be at most 10000' })
  CONSISTENCY_PUBLISH_WAIT_MS = 3000;

  /**
   * Read-your-writes: how long a service that is about to refuse for something another service did (or is asked for a
   * read at a `minVersion`) waits for its consumer to apply the event stream up to where it stands, before it checks
   * again. Keep it well below the gateway's RPC_TIMEOUT_MS.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'CONSISTENCY_WAIT_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'CONSISTENCY_WAIT_MS must be at least 0' })
  @Max(60_000, { message: 'CONSISTENCY_WAIT_MS must be at most 60000' })
  CONSISTENCY_WAIT_MS = 3000;

  /** Retry-After (seconds) of a PRECONDITION_NOT_YET_KNOWN still given after that wait. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'CONSISTENCY_RETRY_AFTER_SECONDS must be a whole number of seconds' })
  @Min(1, { message: 'CONSISTENCY_RETRY_AFTER_SECONDS must be at least 1' })
  @Max(3600, { message: 'CONSISTENCY_RETRY_AFTER_SECONDS must be at most 3600' })
  CONSISTENCY_RETRY_AFTER_SECONDS = 1;

  /** Name of this instance in logs and health answers (default: host and pid). */
  @Expose()
  @IsOptional()
  @IsString()
  INSTANCE_ID?: string;

  /**
   * Shifts the service's clock by whole days (development and tests only), so that dated rules
   * (start dates, overdue loans) can be exercised in separate processes without waiting.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'CLOCK_OFFSET_DAYS must be a whole number' })
  CLOCK_OFFSET_DAYS = 0;

  /**
   * Deliveries of an event whose handler fails before the event is parked as a dead letter. Infrastructure failures
   * (the database or NATS unavailable) are not deliveries: the consumer pauses until the dependency is back.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'EVENT_RETRY_LIMIT must be a whole number' })
  @Min(1, { message: 'EVENT_RETRY_LIMIT must be at least 1' })
  @Max(1000, { message: 'EVENT_RETRY_LIMIT must be at most 1000' })
  EVENT_RETRY_LIMIT = 12;

  /**
   * Most events a consumer applies in one transaction (a savepoint per event, acked after the commit): what JetStream
   * has buffered, up to this. 1 applies each event in a transaction of its own.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'CONSUMER_BATCH_SIZE must be a whole number' })
  @Min(1, { message: 'CONSUMER_BATCH_SIZE must be at least 1' })
  @Max(64, { message: 'CONSUMER_BATCH_SIZE must be at most 64 (the messages a consumer holds)' })
  CONSUMER_BATCH_SIZE = 32;

  /** Tries to publish an outbox row before it is parked as a dead letter (the rows after it keep flowing). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'OUTBOX_PUBLISH_LIMIT must be a whole number' })
  @Min(1, { message: 'OUTBOX_PUBLISH_LIMIT must be at least 1' })
  @Max(1000, { message: 'OUTBOX_PUBLISH_LIMIT must be at most 1000' })
  OUTBOX_PUBLISH_LIMIT = 8;

  /** First retry delay of a failed event or outbox row; it doubles on each try up to RETRY_BACKOFF_MAX_MS. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'RETRY_BACKOFF_MS must be a whole number of milliseconds' })
  @Min(10, { message: 'RETRY_BACKOFF_MS must be at least 10' })
  @Max(60_000, { message: 'RETRY_BACKOFF_MS must be at most 60000' })
  RETRY_BACKOFF_MS = 250;

  /** Longest retry delay, and the longest pause between checks that an unavailable database is back. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'RETRY_BACKOFF_MAX_MS must be a whole number of milliseconds' })
  @Min(10, { message: 'RETRY_BACKOFF_MAX_MS must be at least 10' })
  @Max(3_600_000, { message: 'RETRY_BACKOFF_MAX_MS must be at most 3600000' })
  RETRY_BACKOFF_MAX_MS = 30_000;

  /**
   * Port of this process's operations endpoint (/metrics, /health/live, /health/ready), never the public one. Default
   * per process: gateway 9460, intake 9461, documents 9462, cards 9463, access 9464, notifications 9465 (off under
   * NODE_ENV=test unless set); 0 turns it off.
   */
  @Expose()
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'METRICS_PORT must be a whole number' })
  @Min(0, { message: 'METRICS_PORT must be between 0 and 65535' })
  @Max(65535, { message: 'METRICS_PORT must be between 0 and 65535' })
  METRICS_PORT?: number;

  /**
   * After SIGTERM, how long the process may take to finish what it holds (requests, the event in hand, a mail being
   * sent) before it exits anyway. Keep it below the pod's termination grace period.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'SHUTDOWN_TIMEOUT_MS must be at least 100' })
  @Max(600_000, { message: 'SHUTDOWN_TIMEOUT_MS must be at most 600000' })
  SHUTDOWN_TIMEOUT_MS = 20_000;

  override crossCheck(): string[] {
    const problems: string[] = super.crossCheck();
    if (this.NODE_ENV === 'production' && this.CLOCK_OFFSET_DAYS !== 0)
      problems.push('CLOCK_OFFSET_DAYS must not be set in production (the clock is the real one there).');
    if (this.RETRY_BACKOFF_MAX_MS < this.RETRY_BACKOFF_MS)
      problems.push(
        `RETRY_BACKOFF_MAX_MS (${this.RETRY_BACKOFF_MAX_MS}) must not be below RETRY_BACKOFF_MS (${this.RETRY_BACKOFF_MS}).`,
      );
    if (this.NODE_ENV === 'production' && this.AUTH_MODE === 'development')
      problems.push('AUTH_MODE=development must not be used with NODE_ENV=production.');
    problems.push(...natsSettingProblems(this));
    problems.push(...callerAssertionPublicKeyProblems(this));
    return problems;
  }

  /**
   * The operations port of `identity` (a service's name or `gateway`): METRICS_PORT, else its default — except under
   * NODE_ENV=test, where it is off unless set: test processes run side by side (several cards, six services in one
   * Jest worker, suites in parallel) and would all claim the same fixed ports.
   */
  metricsPort(identity: string): number {
    if (this.METRICS_PORT !== undefined) return this.METRICS_PORT;
    return this.NODE_ENV === 'test' ? 0 : (DEFAULT_METRICS_PORTS[identity] ?? 0);
  }

  /** Whether METRICS_PORT was given: a port given and taken stops the process; a default taken only warns. */
  get metricsPortRequired(): boolean {
    return this.METRICS_PORT !== undefined;
  }

  /** The retry schedule of the consumer and the relay. */
  retryPolicy(): RetryPolicy {
    return { baseMs: this.RETRY_BACKOFF_MS, maxMs: this.RETRY_BACKOFF_MAX_MS };
  }

  get developmentAuth(): boolean {
    return this.AUTH_MODE === 'development';
  }

  /** The connection of `service`: `<SERVICE>_DATABASE_URL` when set, else DATABASE_URL. */
  databaseUrl(service: ServiceName): string {
    const own = this[`${service.toUpperCase() as Uppercase<ServiceName>}_DATABASE_URL`];
    return own ?? this.DATABASE_URL;
  }

  /** How this process connects to NATS as `identity` (a service's name, `gateway`, `provision`). */
  natsOptions(identity: string, connectionName = identity): ConnectionOptions {
    return natsConnectionOptions(this, identity, connectionName);
  }
}
