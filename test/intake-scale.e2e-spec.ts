import { Pool } from 'pg';
import { TestSuite } from './suite';

/**
 * Lists at the simulation's scale: one case for every prefecture and municipality (1,788), the operator's
 * filters answered from indexes rather than by reading every case.
 */
describe('intake lists at 1,788 cases', () => {
  let suite: TestSuite;
  let pool: Pool;
  let operator: string;

  beforeAll(async () => {
    suite = await TestSuite.start({ services: ['intake'] });
    pool = new Pool({ connectionString: suite.db.url, max: 2 });
    operator = await suite.token({ role: 'operator', sub: 'op-1' });
    // One real case through HTTP gives the projected view; the other 1,787 copy it in SQL (a fixture, not the command path).
    const first = await suite.http('POST', '/api/v1/applications', {
      token: operator,
      body: {
        organizationCode: '010006',
        verifierName: '北海道',
        verifierKinds: ['signature'],
        department: '総務部',
        contact: { name: '担当 一', phone: '011-231-4111', email: 'a@pref.example.lg.jp' },
      },
    });
    expect(first.status).toBe(201);
    await pool.query(
      `INSERT INTO intake.application (id, organization_code, organization_name, verifier_name, verifier_kinds, department, status,
         contractor_id, wants_online_test, requested_at, requested_by, version, step_state, steps, open_steps, waiting_for,
         reception_number)
       SELECT gen_random_uuid(), lg.code, lg.name, lg.name, a.verifier_kinds, a.department,
              CASE WHEN n % 3 = 0 THEN 'qualified' ELSE 'requested' END,
              CASE WHEN n % 40 = 0 THEN 'c-' || (n % 7) END,
              a.wants_online_test, a.requested_at + n * interval '1 minute', 'fixture', 1, a.step_state, a.steps,
              CASE WHEN n % 3 = 0 THEN '{A-3}'::text[] ELSE a.open_steps END,
              CASE WHEN n % 3 = 0 THEN '{applicant}'::text[] ELSE a.waiting_for END,
              'JPKI-1999-' || lpad(n::text, 5, '0')
       FROM (SELECT code, name, row_number() OVER (ORDER BY code) AS n FROM intake.local_government WHERE kind <> 'ward' AND code <> '010006') lg,
            intake.application a
       WHERE a.id = $1`,
      [first.body.id],
    );
    await pool.query(`ANALYZE intake.application`);
  });

  afterAll(async () => {
    await pool?.end();
    await suite?.destroy();
  });

  const plan = async (where: string, params: unknown[]) =>
    JSON.stringify(
      (
        await pool.query(
          `EXPLAIN (FORMAT JSON) SELECT id FROM intake.application WHERE ${where} ORDER BY requested_at DESC, id LIMIT 50`,
          params,
        )
      ).rows[0]['QUERY PLAN'],
    );

  it('counts and pages every case, newest first', async () => {
    const res = await suite.http('GET', '/api/v1/applications?limit=200&page=9', { token: operator });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1788);
    expect(res.body.items).toHaveLength(188);
    const times = res.body.items.map((c: { requestedAt: string }) => Date.parse(c.requestedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('answers each filter with the right cases', async () => {
    const q = async (query: string) =>
      (await suite.http('GET', `/api/v1/applications?limit=1&${query}`, { token: operator })).body.total as number;
    const [{ qualified }] = (
      await pool.query(`SELECT count(*) FILTER (WHERE status = 'qualified')::int AS qualified FROM intake.application`)
    ).rows;
    expect(await q('status=qualified')).toBe(qualified);
    expect(await q('step=A-3')).toBe(qualified);
    expect(await q('waitingFor=applicant')).toBe(qualified);
    expect(await q('step=A-2&waitingFor=operator')).toBe(1788 - qualified);
    expect(await q('organizationCode=141500')).toBe(1);
    const applicant = await suite.token({ role: 'applicant', org: '141500' });
    expect((await suite.http('GET', '/api/v1/applications', { token: applicant })).body.total).toBe(1);
    const contractor = await suite.token({ role: 'contractor', contractor: 'c-3' });
    const [{ named }] = (
      await pool.query(`SELECT count(*)::int AS named FROM intake.application WHERE contractor_id = 'c-3'`)
    ).rows;
    expect(named).toBeGreaterThan(0);
    expect((await suite.http('GET', '/api/v1/applications?limit=200', { token: contractor })).body.total).toBe(named);
  });

  it('uses indexes for the unfiltered page, an organisation, a contractor and an open step', async () => {
    expect(await plan('true', [])).toContain('application_requested');
    expect(await plan('organization_code = $1', ['141500'])).toContain('application_org');
    expect(await plan('contractor_id = $1', ['c-3'])).toContain('application_contractor');
    expect(await plan('open_steps @> ARRAY[$1]::text[]', ['A-9'])).toContain('application_open_steps');
  });
});
