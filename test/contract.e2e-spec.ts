import { Contract } from './contract';

/** The checker every answer of the suites goes through (suite.ts) refuses what the document does not describe. */
describe(Contract.name, () => {
  const sut = new Contract();
  const me = { sub: 'a1', role: 'applicant', org: '131016' };
  const problem = (code: string, status: number) => ({
    type: `urn:jlis:problem:${code.toLowerCase()}`,
    title: 'x',
    status,
    detail: 'x',
    code,
    requestId: 'r1',
  });

  it('accepts an answer the document describes, and ignores paths it does not have', () => {
    expect(sut.check('GET', '/api/v1/me', 200, 'application/json; charset=utf-8', me)).toBeUndefined();
    expect(sut.check('GET', '/api/v1/no-such-route', 404, 'application/problem+json', {})).toBeUndefined();
  });

  it('matches literal segments before parameters', () => {
    expect(sut.route('GET', '/api/v1/cards/stock?x=1')).toBe('/api/v1/cards/stock');
    expect(sut.route('GET', '/api/v1/cards/SIM-1')).toBe('/api/v1/cards/{serial}');
  });

  it('refuses an undocumented status, a member the schema does not name, a missing member and a wrong media type', () => {
    expect(sut.check('GET', '/api/v1/me', 418, 'application/json', me)?.problem).toContain('status 418');
    expect(sut.check('GET', '/api/v1/me', 200, 'application/json', { ...me, secret: 1 })?.problem).toContain('secret');
    expect(sut.check('GET', '/api/v1/me', 200, 'application/json', { sub: 'a1' })?.problem).toContain('role');
    expect(sut.check('GET', '/api/v1/me', 200, 'text/html', '<p>')?.problem).toContain('media type');
  });

  it('holds problems to the codes their route and status can give', () => {
    const ok = problem('UNAUTHENTICATED', 401);
    expect(sut.check('GET', '/api/v1/me', 401, 'application/problem+json', ok)).toBeUndefined();
    const other = problem('LOAN_CLOSED', 401);
    expect(sut.check('GET', '/api/v1/me', 401, 'application/problem+json', other)?.problem).toContain(
      'UNAUTHENTICATED',
    );
    const { requestId: _, ...anonymous } = ok;
    expect(sut.check('GET', '/api/v1/me', 401, 'application/problem+json', anonymous)?.problem).toContain('requestId');
  });

  it('takes null where a nested object is nullable, and nothing else in its place', () => {
    const url = `/api/v1/applications/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`;
    const answer = (qualification: unknown) =>
      sut.check('GET', url, 200, 'application/json', { qualification })?.problem;
    expect(answer(null)).not.toContain('/qualification');
    expect(answer(5)).toContain('/qualification');
  });
});
