import { SERVICES } from '@jlis/contracts';
import { Client } from 'pg';

/** A service's schema and the connection it uses: the URL's user is the service's role. */
export interface ServiceDatabase {
  schema: string;
  url: string;
}

/** The role `npm start`, tests and `npm run migrate` give a service when no URL of its own is configured. */
export function serviceRoleName(service: string): string {
  return `jlis_${service}`;
}

/**
 * The URL of a service's own role on the database of `adminUrl`: the admin's URL with the service's role as user and
 * no password (development and tests, where Postgres trusts local connections; elsewhere the URLs are configured).
 */
export function serviceDatabaseUrl(adminUrl: string, service: string): string {
  const url = new URL(adminUrl);
  url.username = serviceRoleName(service);
  url.password = '';
  return url.toString();
}

/** `<SERVICE>_DATABASE_URL` for every service on the database of `adminUrl` (see serviceDatabaseUrl). */
export function serviceDatabaseEnv(adminUrl: string): Record<string, string> {
  return Object.fromEntries(
    SERVICES.map((service) => [`${service.toUpperCase()}_DATABASE_URL`, serviceDatabaseUrl(adminUrl, service)]),
  );
}

/** SQLSTATEs of an object another session created between our look and our create (roles are cluster-wide). */
const ALREADY_THERE = new Set(['42710', '23505', '42P06']);

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The admin's connection to the database a service's URL names: the admin's user, password and connection settings
 * (its query: TLS), the service URL's host, port and database. The same as `adminUrl` when the service shares it.
 */
export function adminUrlFor(adminUrl: string, serviceUrl: string): string {
  const admin = new URL(adminUrl);
  const own = new URL(serviceUrl);
  admin.host = own.host;
  admin.pathname = own.pathname;
  return admin.toString();
}

/**
 * Gives each service a role of its own that owns its schema and has no rights on any other schema (npm start,
 * npm run migrate, test set-up), through an admin connection (a superuser, or a role with CREATEROLE that may
 * create schemas). Safe to run again and concurrently: roles are cluster-wide while test databases run in parallel.
 * The role's password is the one in its URL, when there is one. Objects a schema already holds from before (made by
 * another role) are handed to the service's role, so an existing database moves over as it is. A service whose URL
 * names another database or server (`<SERVICE>_DATABASE_URL`, a service moved to a Postgres of its own) gets its role
 * and schema there, through the admin's user on that database (adminUrlFor).
 */
export async function provisionServiceRoles(adminUrl: string, services: readonly ServiceDatabase[]): Promise<void> {
  const byDatabase = new Map<string, ServiceDatabase[]>();
  for (const service of services) {
    const target = adminUrlFor(adminUrl, service.url);
    byDatabase.set(target, [...(byDatabase.get(target) ?? []), service]);
  }
  for (const [target, group] of byDatabase) await provisionOn(target, group);
}

async function provisionOn(adminUrl: string, services: readonly ServiceDatabase[]): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const [{ superuser }] = (
      await admin.query<{ superuser: boolean }>(
        `SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`,
      )
    ).rows;
    for (const { schema, url } of services) {
      const parsed = new URL(url);
      const role = decodeURIComponent(parsed.username);
      const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
      if (!role) throw new Error(`The database URL of ${schema} names no user: it must name the service's own role.`);
      await ensureRole(admin, role);
      if (password !== undefined) {
        const { rows } = await admin.query<{ sql: string }>(
          `SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text) AS sql`,
          [role, password],
        );
        await admin.query(rows[0].sql);
      }
      // A non-superuser admin (a managed database) may hand a schema only to a role it is a member of.
      if (!superuser) await admin.query(`GRANT ${ident(role)} TO CURRENT_USER`);
      await ensureSchema(admin, schema, role);
    }
  } finally {
    await admin.end();
  }
}

async function ensureRole(admin: Client, role: string): Promise<void> {
  const found = await admin.query<{ rolsuper: boolean }>(`SELECT rolsuper FROM pg_roles WHERE rolname = $1`, [role]);
  if (found.rows[0]?.rolsuper) {
    throw new Error(
      `The role ${role} is a superuser: a service must connect as a role with no rights beyond its schema.`,
    );
  }
  if (found.rowCount) return;
  try {
    await admin.query(`CREATE ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT`);
  } catch (error) {
    if (!ALREADY_THERE.has((error as { code?: string }).code ?? '')) throw error;
  }
}

async function ensureSchema(admin: Client, schema: string, role: string): Promise<void> {
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)} AUTHORIZATION ${ident(role)}`);
  } catch (error) {
    if (!ALREADY_THERE.has((error as { code?: string }).code ?? '')) throw error;
  }
  await admin.query(`ALTER SCHEMA ${ident(schema)} OWNER TO ${ident(role)}`);
  await admin.query(`REVOKE ALL ON SCHEMA ${ident(schema)} FROM PUBLIC`);
  // What another role made in the schema before (a database from before roles per service) becomes the service's.
  const { rows } = await admin.query<{ sql: string }>(
    `SELECT format('ALTER %s %s OWNER TO %I',
                   CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                  ELSE 'TABLE' END,
                   c.oid::regclass, $2::text) AS sql
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relowner <> $2::text::regrole
        -- a sequence owned by a column moves with its table
        AND NOT (c.relkind = 'S' AND EXISTS (
              SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
     UNION ALL
     SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $2::text)
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.proowner <> $2::text::regrole
     UNION ALL
     SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, $2::text)
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typowner <> $2::text::regrole AND t.typtype IN ('e', 'd', 'r')`,
    [schema, role],
  );
  for (const { sql } of rows) await admin.query(sql);
}

/** Every service's schema with the URL of its own role on the admin's database (npm start, tests). */
export function defaultServiceDatabases(adminUrl: string): ServiceDatabase[] {
  return SERVICES.map((service) => ({ schema: service, url: serviceDatabaseUrl(adminUrl, service) }));
}
