import { provisionServiceRoles, serviceDatabaseUrl } from '@jlis/runtime';
import { TEST_PG_ADMIN_URL } from '@jlis/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { prepare, token, walk } from '../scripts/lib/walk';
import { TestSuite } from './suite';

/** Tables of each schema of a database, user schemas only. */
async function tablesBySchema(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string; n: string }>(
      `SELECT table_schema AS schema, count(*) AS n FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') GROUP BY table_schema`,
    );
    return Object.fromEntries(rows.map((r) => [r.schema, Number(r.n)]));
  } finally {
    await client.end();
  }
}

/**
 * A database per service when wanted: cards runs on a Postgres database of its own (CARDS_DATABASE_URL), the other
 * services on the shared one (DATABASE_URL), and a case is walked from through card loans (A-6 lent,
 * A-10 returned). Both databases are on the test server; a separate server differs only in the URL's host.
 */
describe('cards on a database of its own (CARDS_DATABASE_URL)', () => {
  let suite: TestSuite;
  let cardsDb: string;
  let cardsAdminUrl: string;
  const ORG = { code: '132012', name: '八王子市' };

  beforeAll(async () => {
    cardsDb = `jlis_t_cards_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${cardsDb}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(TEST_PG_ADMIN_URL);
    url.pathname = `/${cardsDb}`;
    cardsAdminUrl = url.toString();
    const cardsUrl = serviceDatabaseUrl(cardsAdminUrl, 'cards');
    // What npm run migrate does with CARDS_DATABASE_URL set: the admin connection (DATABASE_URL, here the server's
    // postgres database) reaches cards' own database for its role and schema.
    await provisionServiceRoles(TEST_PG_ADMIN_URL, [{ schema: 'cards', url: cardsUrl }]);
    // Every service is also given DATABASE_URL on the suite's database; cards' own variable wins.
    suite = await TestSuite.start({ env: { CARDS_DATABASE_URL: cardsUrl } });
  });

  afterAll(async () => {
    await suite?.destroy();
    const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${cardsDb}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });

  it('walks a case through card loans with cards on its own database and nothing of cards on the shared one', async () => {
    const api = suite.api();
    const shared = await prepare(api, { organizations: [ORG], perContractor: 1 });
    const id = await walk(api, shared, ORG, 0, {});
    const applicant = await token({ role: 'applicant', org: ORG.code }, `sim-applicant-${ORG.code}`);
    const loans = await suite.http('GET', `/api/v1/applications/${id}/card-loans`, { token: applicant });
    expect(loans.status).toBe(200);
    expect((loans.body.items ?? loans.body).map((l: { state: string }) => l.state)).toEqual(['closed']);

    // The loan is in cards' own database, and only cards' schema is there.
    const cards = new Client({ connectionString: cardsAdminUrl });
    await cards.connect();
    try {
      const { rows } = await cards.query(`SELECT state FROM cards.card_loan WHERE application_id = $1`, [id]);
      expect(rows).toEqual([{ state: 'closed' }]);
    } finally {
      await cards.end();
    }
    expect(Object.keys(await tablesBySchema(cardsAdminUrl))).toEqual(['cards']);
    // The shared database holds every other service's tables and none of cards'.
    const sharedTables = await tablesBySchema(suite.db.url);
    expect(sharedTables.cards).toBeUndefined();
    for (const service of ['intake', 'documents', 'access', 'notifications'])
      expect(sharedTables[service]).toBeGreaterThan(0);
  });
});
