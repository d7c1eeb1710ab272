import { provisionServiceRoles, serviceDatabaseUrl } from '@jlis/runtime';
import { createTestDatabase, startAll, stopTestServer, TEST_PG_ADMIN_URL, TestDatabase } from '@jlis/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TestSuite } from '../suite';

/**
 * One Postgres role per service, owning its schema and nothing else. The test servers trust local connections, so
 * connecting as a role proves what the role may do (its privileges), not that a password protects it: passwords are
 * set from the services' URLs where they carry one (production, docker-compose).
 */
describe('Postgres roles: each service its own', () => {
  let suite: TestSuite;

  beforeAll(async () => {
    suite = await TestSuite.start({ services: ['intake', 'access'] });
  }, 120_000);

  afterAll(async () => {
    await suite?.destroy();
  });

  /** Runs `sql` as `url`'s role; resolves to the rows or to the SQLSTATE of the refusal. */
  const as = async (url: string, sql: string): Promise<unknown[] | { refused: string }> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } catch (error) {
      return { refused: (error as { code?: string }).code ?? String(error) };
    } finally {
      await client.end();
    }
  };

  it("cannot read, change or take another service's tables: intake's role and access's schema", async () => {
    const intake = suite.db.serviceUrl('intake');
    expect(await as(intake, `SELECT count(*)::int AS n FROM intake.local_government`)).toEqual([
      { n: expect.any(Number) },
    ]);
    expect(await as(intake, `SELECT * FROM access.contractor`)).toEqual({ refused: '42501' });
    expect(await as(intake, `DELETE FROM access.contractor`)).toEqual({ refused: '42501' });
    expect(await as(intake, `CREATE TABLE access.sneaky (id int)`)).toEqual({ refused: '42501' });
    expect(await as(intake, `SET ROLE jlis_access`)).toEqual({ refused: '42501' });
    expect(await as(intake, `CREATE SCHEMA sneaky`)).toEqual({ refused: '42501' });
    expect(await as(suite.db.serviceUrl('access'), `SELECT * FROM intake.application`)).toEqual({ refused: '42501' });
  });

  it('runs each service as a plain role that owns everything in its schema', async () => {
    expect(
      await as(
        suite.db.serviceUrl('intake'),
        `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
      ),
    ).toEqual([{ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false }]);
    expect(
      await as(
        suite.db.url,
        `SELECT DISTINCT n.nspname AS schema, pg_get_userbyid(c.relowner) AS owner
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname IN ('intake', 'access') ORDER BY 1`,
      ),
    ).toEqual([
      { schema: 'access', owner: 'jlis_access' },
      { schema: 'intake', owner: 'jlis_intake' },
    ]);
  });
});

describe(provisionServiceRoles.name, () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('tolerates roles made at the same moment for parallel databases, and a second run', async () => {
    const role = `jlis_t_${randomBytes(4).toString('hex')}`;
    const [a, b] = await startAll<[TestDatabase, TestDatabase]>(
      [createTestDatabase, createTestDatabase],
      stopTestServer,
    );
    dbs.push(a, b);
    const probe = (db: TestDatabase) => {
      const url = new URL(db.url);
      url.username = role;
      return [{ schema: 'probe', url: url.toString() }];
    };
    try {
      await Promise.all([provisionServiceRoles(a.url, probe(a)), provisionServiceRoles(b.url, probe(b))]);
      await provisionServiceRoles(a.url, probe(a));
      const owner = new Client({ connectionString: probe(a)[0].url });
      await owner.connect();
      await owner.query(`CREATE TABLE probe.made_by_the_role (id int)`);
      await owner.end();
    } finally {
      for (const db of dbs.splice(0)) await db.drop();
      const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS "${role}"`);
      await admin.end();
    }
  });

  it('hands a schema made before roles per service, with everything in it, to the service', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      // As an older set-up left it: the schema and its objects belong to the admin.
      await admin.query(`ALTER SCHEMA intake OWNER TO CURRENT_USER`);
      await admin.query(`CREATE TABLE intake.legacy (id serial PRIMARY KEY, note text)`);
      await admin.query(
        `CREATE FUNCTION intake.legacy_guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      );
      await provisionServiceRoles(db.url, [{ schema: 'intake', url: serviceDatabaseUrl(db.url, 'intake') }]);
      const { rows } = await admin.query(
        `SELECT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'intake'
         UNION SELECT pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'intake'
         UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'intake'`,
      );
      expect(rows).toEqual([{ owner: 'jlis_intake' }]);
    } finally {
      await admin.end();
    }
    const service = new Client({ connectionString: db.serviceUrl('intake') });
    await service.connect();
    try {
      await service.query(`INSERT INTO intake.legacy (note) VALUES ('still usable')`);
      expect((await service.query(`SELECT note FROM intake.legacy`)).rows).toEqual([{ note: 'still usable' }]);
    } finally {
      await service.end();
    }
  });
});
