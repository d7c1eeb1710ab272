import fc from 'fast-check';
import { Api, prepare, walk, WalkShared } from '../../scripts/lib/walk';
import { TestSuite } from '../suite';
import { Role, WHO_MAY, WhoMay } from './who-may';

/** Valid bodies for object routes whose object is checked by the service (after validation), so the check is reached. */
const VALID_BODIES: Record<string, (ids: Record<string, string>) => unknown> = {
  'POST /api/v1/card-loans/{loanId}/custody': () => ({ serials: ['SIM-X'], holder: 'contractor' }),
  'POST /api/v1/spec-deliveries/{did}/delivered': () => ({ deliveredOn: '2026-11-26' }),
  'POST /api/v1/contractors/{cid}/connections': () => ({
    environment: 'test',
    method: 'lgwan',
    cidrs: ['192.0.2.0/28'],
  }),
  'PATCH /api/v1/contractors/{cid}': () => ({ name: '乗っ取り株式会社' }),
};

/**
 * Every route of the OpenAPI document × every role × an object of another organisation or contractor, checked
 * against who-may.ts (written from api.md, not from the guards); then every route fuzzed from its schema.
 */
describe('security: nobody sees or changes what is not theirs', () => {
  let suite: TestSuite;
  let api: Api;
  let shared: WalkShared;
  let spec: {
    paths: Record<string, Record<string, { requestBody?: unknown }>>;
    components: { schemas: Record<string, unknown> };
  };
  const mine = { code: '131016', name: '千代田区' };
  const theirs = { code: '131041', name: '新宿区' };
  const ids: Record<string, string> = {};
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    suite = await TestSuite.start();
    api = suite.api();
    shared = await prepare(api, { organizations: [mine, theirs], perContractor: 1 });
    const timings = {};
    const myCase = await walk(api, shared, mine, 0, timings);
    const theirCase = await walk(api, shared, theirs, 1, timings);
    const op = shared.operator;
    // Objects of the other organisation / contractor, to put in every path.
    ids.id = theirCase;
    ids.mine = myCase;
    const subs = await api.call('GET', `/api/v1/applications/${theirCase}/submissions`, { token: op });
    ids.sid = (subs.items ?? subs)[0].id;
    const loans = await api.call('GET', `/api/v1/applications/${theirCase}/card-loans`, { token: op });
    ids.loanId = (loans.items ?? loans)[0].id;
    const access = await api.call('GET', `/api/v1/applications/${theirCase}/access`, { token: op });
    ids.gid = access.grants[0].id;
    ids.decisionId = access.decisions[0].id;
    ids.cid = shared.contractors[1].id;
    ids.connId = shared.contractors[1].testConnectionId;
    // The Q&A stays open after the agreement (R7 as run, decision 70): the other organisation asks on its live case.
    const theirApplicant = await suite.token({ role: 'applicant', org: theirs.code });
    const q = await api.call('POST', `/api/v1/applications/${theirCase}/questions`, {
      token: theirApplicant,
      body: { subject: '仕様確認', body: '質問です' },
    });
    ids.qid = q.id;
    // A webhook subscription of the other organisation (a host name: it is resolved only when delivering).
    const hook = await api.call('POST', '/api/v1/webhooks', {
      token: theirApplicant,
      body: {
        url: 'https://portal.shinjuku.example.jp/jpki/webhooks',
        eventTypes: ['intake.application.updated'],
        contactEmail: 'portal@shinjuku.example.lg.jp',
      },
    });
    ids.wid = hook.id;
    const deliveries = await api.call('GET', `/api/v1/applications/${theirCase}/spec-deliveries`, { token: op });
    ids.did = (deliveries.items ?? deliveries)[0].id;
    ids.code = 'A-03-1';
    ids.version = 'latest';
    tokens.operator = op;
    tokens.applicant = await suite.token({ role: 'applicant', org: mine.code });
    tokens.contractor = shared.contractors[0].token;
    spec = (await suite.http('GET', '/api/docs-json')).body;
  }, 300_000);

  afterAll(async () => {
    await suite?.destroy();
  });

  const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? `missing-${name}`);
  const openApiRoutes = () =>
    Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, '{$1}')}`),
    );
  const key = (r: WhoMay) => `${r.method} ${r.path}`;
  const PLATFORM = ['GET /health', 'GET /health/ready', 'GET /api/v1/me'];

  it('documents every route of api.md in OpenAPI, and nothing outside the table', () => {
    const documented = new Set(openApiRoutes());
    expect(WHO_MAY.map(key).filter((k) => !documented.has(k))).toEqual([]);
    const known = new Set([...WHO_MAY.map(key), ...PLATFORM]);
    expect([...documented].filter((k) => !known.has(k))).toEqual([]);
  });

  it.each(WHO_MAY.map((r) => [key(r), r] as const))(
    '%s: no role reaches an object of another party',
    async (_, row) => {
      for (const role of ['operator', 'applicant', 'contractor'] as Role[]) {
        const res = await suite.http(row.method, fill(row.path), {
          token: tokens[role],
          body: ['POST', 'PUT', 'PATCH'].includes(row.method) ? {} : undefined,
        });
        const allowed = row.roles.includes(role);
        const verdict = `${role} → ${res.status} ${res.body?.code ?? ''}`;
        expect(res.status < 500 ? 'no 5xx' : verdict).toBe('no 5xx');
        if (!allowed) {
          expect([403, 404].includes(res.status) ? 'refused' : verdict).toBe('refused');
        } else if (row.scope !== 'none' && role !== 'operator') {
          // Allowed role, but the object belongs to another organisation / contractor: refused without a hint that it
          // exists — 403/404, or a 400 for a body that fails validation before any object is looked up. A 409/422
          // would mean the object was found and its rules were evaluated for a stranger.
          const refused =
            [403, 404].includes(res.status) || (res.status === 400 && res.body?.code === 'VALIDATION_FAILED');
          expect(refused ? 'refused' : verdict).toBe('refused');
          const sample = VALID_BODIES[key(row)];
          if (sample) {
            const real = await suite.http(row.method, fill(row.path), { token: tokens[role], body: sample(ids) });
            expect(
              [403, 404].includes(real.status)
                ? 'refused'
                : `${role} with a valid body → ${real.status} ${real.body?.code ?? ''}`,
            ).toBe('refused');
          }
        } else {
          expect([401, 403].includes(res.status) ? verdict : 'let in').toBe('let in');
        }
      }
    },
  );

  it('lists show an applicant and a contractor nothing of the other organisation', async () => {
    for (const role of ['applicant', 'contractor'] as Role[]) {
      for (const path of ['/api/v1/applications?limit=200', '/api/v1/notifications?limit=200']) {
        const res = await suite.http('GET', path, { token: tokens[role] });
        if (res.status !== 200) continue;
        const text = JSON.stringify(res.body);
        expect(text.includes(ids.id) ? `${role} sees ${path}` : 'nothing').toBe('nothing');
      }
    }
    // A subscription of the other organisation made now (the route table's one was deleted by the operator).
    const theirs = await api.call('POST', '/api/v1/webhooks', {
      token: await suite.token({ role: 'applicant', org: '131041' }),
      body: {
        url: 'https://portal.shinjuku.example.jp/jpki/webhooks',
        eventTypes: ['intake.application.updated'],
        contactEmail: 'portal@shinjuku.example.lg.jp',
      },
    });
    const seenByOperator = await suite.http('GET', '/api/v1/webhooks?limit=200', { token: tokens.operator });
    expect(JSON.stringify(seenByOperator.body)).toContain(theirs.id);
    for (const role of ['applicant', 'contractor'] as Role[]) {
      const hooks = await suite.http('GET', '/api/v1/webhooks?limit=200', { token: tokens[role] });
      expect(JSON.stringify(hooks.body).includes(theirs.id) ? `${role} sees the other's webhook` : 'nothing').toBe(
        'nothing',
      );
    }
    const mineForApplicant = await suite.http('GET', '/api/v1/applications', { token: tokens.applicant });
    expect(mineForApplicant.body.items.map((c: { id: string }) => c.id)).toEqual([ids.mine]);
  });

  it('lets the contractor a case names reach, before its NDA covers the case, only what the table gives it', async () => {
    // The walk names shared.contractors[0] on my case and records no NDA with it: it is named, not covered.
    const verdicts: string[] = [];
    const expectations: string[] = [];
    for (const row of WHO_MAY) {
      if (row.method !== 'GET' || row.scope !== 'case' || !row.roles.includes('contractor')) continue;
      if ([...row.path.matchAll(/\{(\w+)\}/g)].some(([, name]) => name !== 'id')) continue;
      const res = await suite.http('GET', row.path.replace('{id}', ids.mine), { token: tokens.contractor });
      verdicts.push(`${row.path} → ${res.status} ${res.status === 403 ? res.body.code : ''}`.trim());
      // No NDA is on file for my case: its download is absent (404), which is not a refusal.
      const absent = row.path.endsWith('/contractor-nda/content');
      expectations.push(
        `${row.path} → ${row.reach === 'confidential' ? '403 CONTRACTOR_NDA_REQUIRED' : absent ? '404' : '200'}`,
      );
    }
    expect(verdicts).toEqual(expectations);
    expect(expectations.filter((e) => e.includes('403'))).toHaveLength(4);

    // `supplied`: the forms it supplies itself, listed and downloadable; the others neither.
    const all = (
      await suite.http('GET', `/api/v1/applications/${ids.mine}/submissions?limit=100`, { token: tokens.operator })
    ).body.items as { id: string; form: string }[];
    const listed = (
      await suite.http('GET', `/api/v1/applications/${ids.mine}/submissions?limit=100`, { token: tokens.contractor })
    ).body.items as { id: string; form: string }[];
    const supplied = ['A-03-1', 'A-03-2', 'A-06', 'A-08-1', 'A-11-2'];
    expect(listed.map((x) => x.id)).toEqual(all.filter((x) => supplied.includes(x.form)).map((x) => x.id));
    expect(all.length).toBeGreaterThan(listed.length);
    for (const sub of all) {
      const res = await suite.http('GET', `/api/v1/submissions/${sub.id}/content`, { token: tokens.contractor });
      expect(`${sub.form} → ${res.status}`).toBe(`${sub.form} → ${supplied.includes(sub.form) ? 200 : 403}`);
    }
  });

  it('fuzzes every route from its OpenAPI schema: no 5xx, no hang, no unknown error hidden as a 400', async () => {
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([m]) => ({ method: m.toUpperCase(), path })),
    );
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? '2026-02-30' : d.toISOString().slice(0, 10))),
      fc.constantFrom(
        '2026-02-30',
        '10.0.0.0/0',
        '999999',
        '131016',
        'A-03-1',
        'signature',
        'crl',
        'test',
        '../../etc/passwd',
        '\u0000',
        'ｱ'.repeat(300),
      ),
    );
    const body = fc.dictionary(
      fc.constantFrom(
        'organizationCode',
        'verifierKinds',
        'decision',
        'reason',
        'environment',
        'cidrs',
        'items',
        'serials',
        'kind',
        'startDate',
        'contractorId',
        'x',
        '__proto__',
        'constructor',
      ),
      value,
      { maxKeys: 5 },
    );
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        body,
        fc.constantFrom<Role>('operator', 'applicant', 'contractor'),
        async (route, payload, role) => {
          requests++;
          const started = Date.now();
          const res = await suite.http(
            route.method,
            fill(route.path) + (route.method === 'GET' ? `?page=${String(payload.x ?? 1)}` : ''),
            {
              token: tokens[role],
              body: ['POST', 'PUT', 'PATCH'].includes(route.method) ? payload : undefined,
            },
          );
          expect(Date.now() - started).toBeLessThan(10_000);
          expect(res.status).toBeLessThan(500);
          if (res.status === 400) {
            expect(['VALIDATION_FAILED', 'BAD_REQUEST']).toContain(res.body.code);
            if (res.body.code === 'VALIDATION_FAILED') expect(res.body.errors?.length).toBeGreaterThan(0);
          }
        },
      ),
      { seed: 20261126, numRuns: 2500, endOnFailure: true },
    );
    expect(requests).toBeGreaterThanOrEqual(2500);
  }, 600_000);
});
