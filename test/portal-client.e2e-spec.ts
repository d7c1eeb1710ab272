import { randomUUID } from 'node:crypto';
import { createPortalClient, ok, PortalClient, PortalProblem } from '@jlis/portal-client';
import { expectDocumented } from './contract';
import { TestSuite } from './suite';

/** The generated client (libs/portal-client) against the whole suite, as a portal would use it. */
describe('the portal client against the suite', () => {
  let suite: TestSuite;
  let portal: PortalClient;

  const application = (verifierName: string) => ({
    organizationCode: '131016',
    verifierName,
    verifierKinds: ['signature' as const],
    department: '総務部情報政策課',
    contact: { name: '山田 太郎', phone: '03-1234-5678', email: 'yamada@city.example.lg.jp' },
  });

  beforeAll(async () => {
    suite = await TestSuite.start();
    const token = await suite.token({ role: 'applicant', org: '131016' });
    portal = createPortalClient({
      baseUrl: suite.baseUrl,
      token,
      // Its answers are held to the committed contract like every other answer of the suites.
      fetch: async (request) => {
        const response = await fetch(request);
        const type = response.headers.get('content-type') ?? '';
        const body = type.includes('json') ? await response.clone().json() : undefined;
        const url = new URL(request.url);
        expectDocumented(request.method, url.pathname + url.search, response.status, type, body);
        return response;
      },
    });
  });

  afterAll(async () => {
    await suite?.destroy();
  });

  it('creates a case and reads it back, typed', async () => {
    const created = await ok(portal.POST('/api/v1/applications', { body: application('千代田区') }));
    expect(created.status).toBe('requested');
    const read = await ok(portal.GET('/api/v1/applications/{id}', { params: { path: { id: created.id } } }));
    expect([read.id, read.organizationName, read.steps.find((s) => s.code === 'A-1')?.status]).toEqual([
      created.id,
      '千代田区',
      'done',
    ]);
  });

  it('sends the Idempotency-Key: the same key and body answer the first case again, another body is refused', async () => {
    // The first case of this organisation (the test above) is still open for `signature`; this asks for the other kind.
    const body = { ...application('千代田区'), verifierKinds: ['user-certificate' as const] };
    const header = { 'Idempotency-Key': randomUUID() };
    const first = await ok(portal.POST('/api/v1/applications', { body, params: { header } }));
    const again = await ok(portal.POST('/api/v1/applications', { body, params: { header } }));
    expect(again.id).toBe(first.id);
    const reused = await ok(
      portal.POST('/api/v1/applications', { body: { ...body, department: '別の部署' }, params: { header } }),
    ).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(PortalProblem);
    expect((reused as PortalProblem).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('turns a bad request into a typed problem naming the field', async () => {
    const failure = await ok(
      portal.POST('/api/v1/applications', { body: { ...application('千代田区'), organizationCode: '999999' } }),
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PortalProblem);
    const problem = failure as PortalProblem;
    expect([problem.status, problem.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(problem.problem.errors?.map((e) => e.field)).toContain('organizationCode');
  });
});
