import { applicationRequest, eventually } from '@jlis/testing';
import { TestSuite } from './suite';

/**
 * R9: a case that verifies via LGPKI is asked for the LGWAN 全国センター's procedure, and its next action names the
 * center's addresses from configuration (here other than the seed's, to prove they come from it), until it is recorded.
 */
describe('the LGPKI task shows where to go', () => {
  let suite: TestSuite;
  let operator: string;
  let applicant: string;
  const ORG = '131016';
  const INTERNET = 'lgpki-desk@center.example.jp';
  const LGWAN = 'lgpki-desk@center.example.lgwan.jp';

  beforeAll(async () => {
    suite = await TestSuite.start({
      services: ['intake', 'documents', 'access'],
      env: { LGWAN_CENTER_EMAIL: INTERNET, LGWAN_CENTER_LGWAN_EMAIL: LGWAN },
    });
    operator = await suite.token({ role: 'operator', sub: 'operator-1' });
    applicant = await suite.token({ role: 'applicant', org: ORG, sub: 'applicant-chiyoda' });
  });

  afterAll(async () => {
    await suite?.destroy();
  });

  const ok = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await suite.http(method, path, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const lgwanActions = async (id: string) =>
    (await ok('GET', `/api/v1/applications/${id}`, applicant)).nextActions.filter((a: { action: string }) =>
      a.action.includes('LGWAN全国センター'),
    );

  it('names the center and its addresses once an A-08-1 says LGPKI, and stops once the task is recorded', async () => {
    const contractor = await ok('POST', '/api/v1/contractors', operator, {
      name: '株式会社サンプルシステムズ',
      corporateNumber: '3000012010001',
      email: 'jpki@sample-systems.example.co.jp',
    });
    const contractorToken = await suite.token({ role: 'contractor', contractor: contractor.id });
    const connection = await ok('POST', `/api/v1/contractors/${contractor.id}/connections`, contractorToken, {
      environment: 'test',
      method: 'lgwan',
      cidrs: ['fd00:42::/48'],
    });
    const created = await ok(
      'POST',
      '/api/v1/applications',
      applicant,
      applicationRequest(ORG, '千代田区電子申請サービス', { wantsOnlineTest: true }),
    );
    const id: string = created.id;
    await ok('POST', `/api/v1/applications/${id}/qualification`, operator, { decision: 'qualified' });
    await eventually(async () => {
      const res = await suite.http('PUT', `/api/v1/applications/${id}/contractor`, {
        token: applicant,
        body: { contractorId: contractor.id },
      });
      return res.status === 200;
    }, 20_000);
    expect(await lgwanActions(id)).toEqual([]);

    await eventually(async () => {
      const data = new FormData();
      data.set('form', 'A-08-1');
      data.set('fields', JSON.stringify({ connectionId: connection.id, viaLgpki: true }));
      data.set('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'a-08-1.pdf');
      const res = await suite.http('POST', `/api/v1/applications/${id}/submissions`, { token: applicant, form: data });
      return res.status === 201;
    }, 20_000);
    const [action] = await eventually(async () => {
      const actions = await lgwanActions(id);
      return actions.length > 0 && actions;
    }, 20_000);
    expect(action).toEqual({
      step: 'A-8',
      actor: 'applicant',
      action: expect.stringContaining('LGWAN全国センターの手続を行い'),
      contacts: [
        { name: 'LGWAN全国センター', email: INTERNET, network: 'internet' },
        { name: 'LGWAN全国センター', email: LGWAN, network: 'lgwan' },
      ],
    });
    // The same action in the operators' list of cases.
    const list = await ok('GET', '/api/v1/applications', operator);
    const listed = list.items.find((c: { id: string }) => c.id === id);
    expect(listed.nextActions).toContainEqual(expect.objectContaining({ contacts: action.contacts }));

    await ok('POST', `/api/v1/applications/${id}/lgwan-task`, applicant, { completedOn: '2026-11-30' });
    await eventually(async () => (await lgwanActions(id)).length === 0, 20_000);
  });
});
