import { eventually } from '@jlis/testing';
import { Api, prepare, todayInJapan, token, walk } from '../scripts/lib/walk';
import { TestSuite } from './suite';

/**
 * A-10 テスト終了後: the applicant records that its test is finished; with the cards back that completes A-10, and a
 * case that wanted the online test gets production access only after it.
 */
describe('the test is a step (A-10)', () => {
  let suite: TestSuite;
  let api: Api;
  let shared: Awaited<ReturnType<typeof prepare>>;
  let id: string;
  let applicant: string;
  const ORG = { code: '131130', name: '渋谷区' };

  beforeAll(async () => {
    suite = await TestSuite.start();
    api = suite.api();
    shared = await prepare(api, { organizations: [ORG], perContractor: 1 });
    id = await walk(api, shared, ORG, 0, {}, { until: 'A-11', recordTestCompletion: false });
    applicant = await token({ role: 'applicant', org: ORG.code }, `sim-applicant-${ORG.code}`);
  });

  afterAll(async () => {
    await suite?.destroy();
  });

  const view = async () => (await suite.http('GET', `/api/v1/applications/${id}`, { token: applicant })).body;
  const record = (body: unknown, as = applicant) =>
    suite.http('POST', `/api/v1/applications/${id}/test-completion`, { token: as, body });
  // Proposed by one operator and, once that is accepted, approved by another (two people open the network).
  const grantProduction = () =>
    suite.decided(
      suite.http('POST', `/api/v1/applications/${id}/access-grants`, {
        token: shared.operator,
        body: { environment: 'production' },
      }),
    );

  it('keeps A-10 open for the applicant while the cards are back but the test’s end is not recorded', async () => {
    const v = await eventually(async () => {
      const current = await view();
      return current.steps.find((s: { code: string }) => s.code === 'A-11')?.status === 'done' && current;
    }, 30_000);
    expect(v.testCompletedOn).toBeNull();
    expect(v.steps.find((s: { code: string }) => s.code === 'A-10').status).toBe('open');
    expect(v.nextActions).toContainEqual(
      expect.objectContaining({
        step: 'A-10',
        actor: 'applicant',
        action: expect.stringContaining('テスト終了を記録'),
      }),
    );
  });

  it('refuses production access until then, with its own code and a sentence saying who does what', async () => {
    const refused = await grantProduction();
    expect([refused.status, refused.body.code]).toEqual([409, 'TEST_NOT_COMPLETED']);
    expect(refused.body.detail).toContain('テスト終了を記録');
  });

  it('refuses a date in the future (naming completedOn), a contractor, and a malformed date', async () => {
    const future = await record({ completedOn: '2999-01-01' });
    expect([future.status, future.body.code]).toEqual([400, 'DATE_IN_FUTURE']);
    expect(future.body.errors.map((e: { field: string }) => e.field)).toEqual(['completedOn']);
    const malformed = await record({ completedOn: '2026-02-30' });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const contractor = await record({ completedOn: todayInJapan() }, shared.contractors[0].token);
    expect(contractor.status).toBe(403);
  });

  it('records the end once, completes A-10, and then production access is granted', async () => {
    const today = todayInJapan();
    const done = await record({ completedOn: today, note: 'OCSP・CRL とも正常に応答' });
    expect(done.status).toBe(200);
    expect(done.body.testCompletedOn).toBe(today);
    expect(done.body.steps.find((s: { code: string }) => s.code === 'A-10').status).toBe('done');
    // The same record again is a harmless retry; another date is refused.
    expect((await record({ completedOn: today })).status).toBe(200);
    const other = await record({ completedOn: '2020-01-01' });
    expect([other.status, other.body.code]).toEqual([409, 'TEST_COMPLETION_ALREADY_RECORDED']);
    const timeline = (await suite.http('GET', `/api/v1/applications/${id}/timeline`, { token: applicant })).body.items;
    expect(timeline.filter((e: { type: string }) => e.type === 'intake.application.test-completed')).toHaveLength(1);
    // Access learns the end from intake's event: until it arrives the refusal stands, then the grant goes through.
    const granted = await eventually(async () => {
      const res = await grantProduction();
      return res.status === 201 && res;
    }, 30_000);
    expect(granted.body).toMatchObject({ environment: 'production' });
  });
});
