import { ServiceName } from '@jlis/contracts';
import { defaultServiceDatabases, provisionServiceRoles, serviceDatabaseEnv, serviceDatabaseUrl } from '@jlis/runtime';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server tests create their databases on (the machine's Postgres by default). */
export const TEST_PG_ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** The admin's connection to this database (a superuser): for tests that look across schemas. */
  url: string;
  name: string;
  /** A service's own connection: its role, which owns its schema and may touch no other. */
  serviceUrl(service: ServiceName): string;
  /** `<SERVICE>_DATABASE_URL` of every service: what a service process is given, as in production. */
  serviceEnv(): Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, dropped afterwards, provisioned as `npm run migrate` does: one role per service
 * (cluster-wide, shared by the test databases running in parallel; created when missing) owning its schema. Under
 * the trust authentication of the test servers a role's connection proves its privileges, not a password.
 */
export async function createTestDatabase(prefix = 'jlis_t'): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const drop = async () => {
    const client = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  try {
    await provisionServiceRoles(url.toString(), defaultServiceDatabases(url.toString()));
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    url: url.toString(),
    name,
    serviceUrl: (service) => serviceDatabaseUrl(url.toString(), service),
    serviceEnv: () => serviceDatabaseEnv(url.toString()),
    drop,
  };
}
