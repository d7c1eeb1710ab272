import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TestSuite } from './suite';

describe('platform through the gateway', () => {
  let suite: TestSuite;
  const warnings: string[] = [];

  beforeAll(async () => {
    jest.spyOn(Logger, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    suite = await TestSuite.start();
  });

  afterAll(async () => {
    await suite.destroy();
  });

  it('answers /health without a token and /health/ready once every service answers over NATS', async () => {
    expect((await suite.http('GET', '/health')).body).toEqual({ status: 'ok' });
    const ready = await suite.http('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.services.map((s: { service: string }) => s.service).sort()).toEqual([
      'access',
      'cards',
      'documents',
      'intake',
      'notifications',
    ]);
  });

  it('names the missing service in a 503 when one is down', async () => {
    await suite.stopService('cards');
    try {
      const ready = await suite.http('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers.get('content-type')).toContain('application/problem+json');
      expect(ready.body.missing).toEqual(['cards']);
    } finally {
      await suite.startService('cards');
    }
  });

  it('gives every request and response schema of the OpenAPI document a name of its own', () => {
    // Swagger keeps only one of two classes with the same name, silently documenting the wrong body for a route.
    expect(warnings.filter((w) => w.includes('Duplicate DTO'))).toEqual([]);
  });

  it('serves the committed OpenAPI document (docs/openapi.json) and the docs page', async () => {
    const doc = await suite.http('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const committed = JSON.parse(readFileSync(path.join(__dirname, '../docs/openapi.json'), 'utf8'));
    // The running gateway documents exactly what is committed; `npm run openapi` rewrites the file.
    expect(JSON.stringify(doc.body) === JSON.stringify(committed) ? 'same' : 'run `npm run openapi`').toBe('same');
    expect((await suite.http('GET', '/api/docs')).status).toBe(200);
  });

  it('refuses a missing, forged or incomplete token with a 401 problem', async () => {
    const none = await suite.http('GET', '/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const forged = await suite.http('GET', '/api/v1/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' });
    expect(forged.body.code).toBe('UNAUTHENTICATED');
    const noOrg = await suite.http('GET', '/api/v1/me', { token: await suite.token({ role: 'applicant' }) });
    expect(noOrg.body.detail).toContain('org');
    const expired = await suite.http('GET', '/api/v1/me', { token: await suite.token({ role: 'operator' }, '-1m') });
    expect(expired.body.detail).toContain('expired');
    const me = await suite.http('GET', '/api/v1/me', {
      token: await suite.token({ role: 'applicant', org: '131016', sub: 'a1' }),
    });
    expect(me.body).toEqual({ sub: 'a1', role: 'applicant', org: '131016' });
  });

  it('limits each caller to RATE_LIMIT_PER_MINUTE requests', async () => {
    const limited = await TestSuite.start({ services: [], env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const token = await limited.token({ role: 'operator', sub: 'busy' });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.http('GET', '/api/v1/me', { token })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const other = await limited.http('GET', '/api/v1/me', {
        token: await limited.token({ role: 'operator', sub: 'calm' }),
      });
      expect(other.status).toBe(200);
    } finally {
      await limited.destroy();
    }
  });

  it('carries the x-request-id back and answers unknown routes with a problem', async () => {
    const res = await suite.http('GET', '/api/v1/no-such-route', {
      token: await suite.token({ role: 'operator' }),
      headers: { 'x-request-id': 'req-123' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-123');
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', requestId: 'req-123' });
  });
});
