import { DataSource, DataSourceOptions, MigrationExecutor, MigrationInterface } from 'typeorm';
import { RUNTIME_ENTITIES } from '../messaging/messaging.entities';
import { RuntimeDurability1764300000000 } from './runtime-durability.migration';
import { RuntimeRetention1764400000000 } from './runtime-retention.migration';
import { RuntimeTracing1796000000000 } from './runtime-tracing.migration';
import { RuntimeTables1764115200000 } from './runtime-tables.migration';

export interface ServiceDataOptions {
  /** The service's own Postgres schema; every table of the service lives there. */
  schema: string;
  url: string;
  entities: DataSourceOptions['entities'];
  migrations: (new () => MigrationInterface)[];
  poolSize?: number;
  /**
   * Postgres `statement_timeout` and `lock_timeout` of every connection (ms; 0 = none): a runaway query or a lock
   * held by a stuck transaction fails the one request (503, retryable) instead of holding the pool.
   */
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
}

/** Defaults of DATABASE_STATEMENT_TIMEOUT_MS and DATABASE_LOCK_TIMEOUT_MS. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** The session settings every connection of a service starts with (libpq `options`). */
export function sessionOptions(
  opts: Pick<ServiceDataOptions, 'schema' | 'statementTimeoutMs' | 'lockTimeoutMs'>,
): string {
  const statement = Math.trunc(opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS);
  const lock = Math.trunc(opts.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  return `-c search_path=${opts.schema},public -c statement_timeout=${statement} -c lock_timeout=${lock}`;
}

/** TypeORM options of a service: its own schema, `synchronize: false`, runtime tables migrated first. */
export function serviceDataSourceOptions(opts: ServiceDataOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: [...RUNTIME_ENTITIES, ...((opts.entities ?? []) as unknown[])] as DataSourceOptions['entities'],
    // TypeORM runs pending migrations in timestamp order, so the runtime's later tables follow the services' first ones.
    migrations: [
      RuntimeTables1764115200000,
      ...opts.migrations,
      RuntimeDurability1764300000000,
      RuntimeRetention1764400000000,
      RuntimeTracing1796000000000,
    ],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    extra: {
      max: opts.poolSize ?? 10,
      // Every connection of a service works in its own schema, so raw SQL needs no prefixes; and with timeouts.
      options: sessionOptions(opts),
      application_name: opts.schema,
    },
  };
}

/**
 * Runs pending migrations under an advisory lock, so several instances of a service starting together migrate once.
 * They run as the service's own role, so everything they make belongs to it.
 */
export async function migrate(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Migrations may rightly take longer than a request, and a second instance waits here for the first one's: this
    // session only, no timeouts (RESET below gives the connection its own back before it returns to the pool).
    await runner.query(`SET statement_timeout = 0`);
    await runner.query(`SET lock_timeout = 0`);
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`migrate:${schema}`]);
    // The schema is made, and handed to the service's role, by provisioning (npm run migrate): a service's role may
    // not create schemas. Only a connection that may (a superuser, in an old set-up) makes a missing one here.
    const [{ found }]: { found: boolean }[] = await runner.query(
      `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found`,
      [schema],
    );
    if (!found) {
      await runner.query(`CREATE SCHEMA "${schema}"`).catch((error: unknown) => {
        throw new Error(
          `The schema "${schema}" does not exist and this service's role may not create it (${
            error instanceof Error ? error.message : String(error)
          }). Provision the database first: npm run migrate creates each service's role and schema.`,
        );
      });
    }
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'all';
    const done = await executor.executePendingMigrations();
    return done.map((m) => m.name);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`migrate:${schema}`]).catch(() => undefined);
    await runner.query(`RESET statement_timeout; RESET lock_timeout`).catch(() => undefined);
    await runner.release();
  }
}

export async function openDataSource(opts: ServiceDataOptions, runMigrations = true): Promise<DataSource> {
  const dataSource = new DataSource(serviceDataSourceOptions(opts));
  await dataSource.initialize();
  if (runMigrations) await migrate(dataSource, opts.schema);
  return dataSource;
}
