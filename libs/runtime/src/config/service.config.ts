import { Expose, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const NODE_ENVS = ['development', 'test', 'production'] as const;

/** Variables every service reads. Documented in README.md § Configuration. */
export class ServiceConfig {
  @Expose()
  @IsIn(NODE_ENVS, { message: 'NODE_ENV must be one of development, test, production' })
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Expose()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/jlis';

  @Expose()
  @Matches(/^(nats|tls):\/\/\S+(,(nats|tls):\/\/\S+)*$/, {
    message: 'NATS_URL must be one or more nats:// URLs, comma-separated',
  })
  NATS_URL = 'nats://127.0.0.1:4222';

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

  crossCheck(): string[] {
    return this.NODE_ENV === 'production' && this.CLOCK_OFFSET_DAYS !== 0
      ? ['CLOCK_OFFSET_DAYS must not be set in production (the clock is the real one there).']
      : [];
  }

  natsServers(): string[] {
    return this.NATS_URL.split(',');
  }
}
