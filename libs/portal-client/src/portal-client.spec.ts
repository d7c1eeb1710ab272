import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createPortalClient, ok, PortalProblem } from './portal-client';

const ROOT = path.resolve(__dirname, '../../..');

/** The client's own behaviour, against a fake fetch; tests/portal-client.e2e-spec.ts runs it against the suite. */
describe('createPortalClient', () => {
  const seen: Request[] = [];
  const answer =
    (status: number, body: unknown, type = 'application/json') =>
    async (request: Request) => {
      seen.push(request);
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': type },
      });
    };

  beforeEach(() => (seen.length = 0));

  it('sends the bearer token (a function is asked every time) and the Idempotency-Key it is given', async () => {
    let n = 0;
    const sut = createPortalClient({
      baseUrl: 'http://gateway.test',
      token: () => `t${++n}`,
      fetch: answer(201, { id: 'x' }),
    });
    const body = {
      organizationCode: '131016',
      verifierName: '千代田区',
      verifierKinds: ['signature' as const],
      department: '総務部',
      contact: { name: '山田 太郎', phone: '03-1234-5678', email: 'yamada@example.lg.jp' },
    };
    await ok(sut.POST('/api/v1/applications', { body, params: { header: { 'Idempotency-Key': 'k-1' } } }));
    await ok(sut.GET('/api/v1/me'));
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual(['Bearer t1', 'Bearer t2']);
    expect(seen[0].headers.get('idempotency-key')).toBe('k-1');
    expect(seen[0].url).toBe('http://gateway.test/api/v1/applications');
  });

  it('turns a problem answer into a PortalProblem with its status, code and fields', async () => {
    const problem = {
      type: 'urn:jlis:problem:validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'organizationCode is invalid',
      code: 'VALIDATION_FAILED',
      requestId: 'r-1',
      errors: [{ field: 'organizationCode', message: 'must be a local government code' }],
    };
    const sut = createPortalClient({
      baseUrl: 'http://gateway.test',
      fetch: answer(400, problem, 'application/problem+json'),
    });
    const thrown = await ok(sut.GET('/api/v1/applications')).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(PortalProblem);
    const failure = thrown as PortalProblem;
    expect([failure.status, failure.code, failure.problem.errors?.[0]?.field]).toEqual([
      400,
      'VALIDATION_FAILED',
      'organizationCode',
    ]);
  });

  it('still throws a PortalProblem for an answer that is not problem+json', async () => {
    const sut = createPortalClient({
      baseUrl: 'http://gateway.test',
      fetch: answer(502, '<html>bad gateway</html>', 'text/html'),
    });
    await expect(ok(sut.GET('/api/v1/me'))).rejects.toMatchObject({ status: 502, code: 'UNEXPECTED_ANSWER' });
  });
});

describe('src/openapi.ts', () => {
  it('is what openapi-typescript makes of docs/openapi.json', () => {
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/openapi.js'), '--check'], { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      const failed = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`${failed.stderr?.toString() ?? ''}${failed.stdout?.toString() ?? ''}`);
    }
  });
});
