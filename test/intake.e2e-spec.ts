import { IntakeEvents } from '@jlis/contracts';
import { Pool } from 'pg';
import { TestSuite } from './suite';

const body = (over: Record<string, unknown> = {}) => ({
  organizationCode: '131016',
  verifierName: '千代田区',
  verifierKinds: ['signature'],
  department: '政策経営部情報政策課',
  contact: { name: '山田 太郎', phone: '03-3264-2111', email: 'yamada@city.chiyoda.example.lg.jp' },
  ...over,
});

describe('intake through the gateway', () => {
  let suite: TestSuite;
  let operator: string;
  let chiyoda: string;
  let shinjuku: string;
  let pool: Pool;
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await pool.query(text, params)).rows as T[];

  beforeAll(async () => {
    suite = await TestSuite.start({ services: ['intake'] });
    pool = new Pool({ connectionString: suite.db.url, max: 2 });
    operator = await suite.token({ role: 'operator', sub: 'op-1' });
    chiyoda = await suite.token({ role: 'applicant', org: '131016', sub: 'chiyoda-1' });
    shinjuku = await suite.token({ role: 'applicant', org: '131041', sub: 'shinjuku-1' });
  });

  afterAll(async () => {
    await pool?.end();
    await suite?.destroy();
  });

  const outboxCount = async (type: string, applicationId: string) => {
    const [{ n }] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM intake.outbox WHERE type = $1 AND envelope->>'applicationId' = $2`,
      [type, applicationId],
    );
    return n;
  };

  describe('the directory', () => {
    it('searches by name, kana and code prefix, paginated', async () => {
      const byName = await suite.http('GET', '/api/v1/local-governments?q=千代田', { token: chiyoda });
      expect(byName.status).toBe(200);
      expect(byName.body.items.map((r: { code: string }) => r.code)).toContain('131016');
      const byKana = await suite.http('GET', '/api/v1/local-governments?q=さがみはら&kind=municipality', {
        token: operator,
      });
      expect(byKana.body.items).toEqual([
        expect.objectContaining({ code: '141500', name: '相模原市', kind: 'municipality' }),
      ]);
      const byCode = await suite.http('GET', '/api/v1/local-governments?q=13&limit=5&page=2', { token: operator });
      expect(byCode.body.items).toHaveLength(5);
      expect(byCode.body.total).toBe(63); // 東京都, 23 special wards, 26 cities, 5 towns, 8 villages
      expect(byCode.body.items.every((r: { code: string }) => r.code.startsWith('13'))).toBe(true);
      const all = await suite.http('GET', '/api/v1/local-governments?limit=1', {
        token: await suite.token({ role: 'contractor', contractor: 'c-1' }),
      });
      expect(all.body.total).toBe(1963);
    });

    it('lets an operator add a row, keeping every version; others may not', async () => {
      const row = {
        code: '221384',
        prefecture: '静岡県',
        name: '浜松市中央区',
        nameKana: 'はままつしちゅうおうく',
        kind: 'ward',
        reason: '2024-01-01 行政区再編',
      };
      expect((await suite.http('POST', '/api/v1/local-governments', { token: chiyoda, body: row })).status).toBe(403);
      const added = await suite.http('POST', '/api/v1/local-governments', { token: operator, body: row });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ code: '221384', version: 1, active: true });
      const retired = await suite.http('POST', '/api/v1/local-governments', {
        token: operator,
        body: {
          code: '221317',
          prefecture: '静岡県',
          name: '浜松市中区',
          nameKana: 'はままつしなかく',
          kind: 'ward',
          active: false,
          reason: '2024-01-01 中央区へ再編',
        },
      });
      expect(retired.body).toMatchObject({ version: 2, active: false });
      const history = await sql(
        `SELECT version, active FROM intake.local_government_history WHERE code = '221317' ORDER BY version`,
      );
      expect(history).toEqual([
        { version: 1, active: true },
        { version: 2, active: false },
      ]);
      const found = await suite.http('GET', '/api/v1/local-governments?q=浜松市', { token: operator });
      expect(found.body.items.map((r: { code: string }) => r.code)).toContain('221384');
      expect(found.body.items.map((r: { code: string }) => r.code)).not.toContain('221317');
      const withRetired = await suite.http('GET', '/api/v1/local-governments?q=浜松市&includeInactive=true', {
        token: operator,
      });
      expect(withRetired.body.items).toContainEqual(
        expect.objectContaining({ code: '221317', active: false, version: 2 }),
      );
      const retiredCase = await suite.http('POST', '/api/v1/applications', {
        token: operator,
        body: {
          organizationCode: '221317',
          verifierName: '浜松市中区',
          verifierKinds: ['signature'],
          department: 'x',
          contact: { name: 'x', phone: '053-457-2111', email: 'x@example.jp' },
        },
      });
      expect(retiredCase.status).toBe(422);
      expect(retiredCase.body.code).toBe('LOCAL_GOVERNMENT_IS_WARD');
    });

    it('refuses a wrong check digit in an amendment, naming code', async () => {
      const res = await suite.http('POST', '/api/v1/local-governments', {
        token: operator,
        body: { code: '221385', prefecture: '静岡県', name: 'x', nameKana: 'えっくす', kind: 'ward', reason: 'x' },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['code']);
    });
  });

  describe('A-1', () => {
    let caseId: string;

    it('opens a case for the applicant: 201 case view with A-1 done and A-2 open', async () => {
      const res = await suite.http('POST', '/api/v1/applications', { token: chiyoda, body: body() });
      expect(res.status).toBe(201);
      caseId = res.body.id;
      expect(res.body).toMatchObject({
        organizationCode: '131016',
        organizationName: '千代田区',
        verifierKinds: ['signature'],
        status: 'requested',
        contractorId: null,
        wantsOnlineTest: true,
        contacts: [
          {
            role: 'primary',
            name: '山田 太郎',
            phone: '03-3264-2111',
            email: 'yamada@city.chiyoda.example.lg.jp',
            source: 'A-1',
          },
        ],
        nextActions: [{ step: 'A-2', actor: 'operator', action: expect.any(String) }],
      });
      const steps = Object.fromEntries(res.body.steps.map((s: { code: string; status: string }) => [s.code, s.status]));
      expect(steps).toEqual({
        'A-1': 'done',
        'A-2': 'open',
        'A-3': 'waiting',
        'A-4': 'waiting',
        'A-5': 'waiting',
        'A-6': 'waiting',
        'A-7': 'waiting',
        'A-8': 'waiting',
        'A-9': 'waiting',
        'A-10': 'waiting',
        'A-11': 'waiting',
        'A-12': 'waiting',
      });
      expect(res.body.steps[0].at).toBe(res.body.requestedAt);
      const [event] = await sql<{
        envelope: { payload: { application: Record<string, unknown> }; aggregateVersion: number };
      }>(`SELECT envelope FROM intake.outbox WHERE type = $1 AND envelope->>'applicationId' = $2`, [
        IntakeEvents.ApplicationRequested,
        caseId,
      ]);
      expect(event.envelope.aggregateVersion).toBe(1);
      expect(event.envelope.payload.application).toMatchObject({
        id: caseId,
        organizationName: '千代田区',
        department: '政策経営部情報政策課',
        status: 'requested',
        contacts: [{ role: 'primary', name: '山田 太郎', department: '政策経営部情報政策課' }],
      });
    });

    it('refuses a second open case of the organisation for an overlapping kind with 409 naming the open case', async () => {
      const res = await suite.http('POST', '/api/v1/applications', {
        token: operator,
        body: body({ verifierKinds: ['user-certificate', 'signature'] }),
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'APPLICATION_ALREADY_OPEN', applicationId: caseId });
      expect(res.body.detail).toContain(' / ');
    });

    it('refuses an applicant applying for another organisation (403)', async () => {
      const res = await suite.http('POST', '/api/v1/applications', { token: shinjuku, body: body() });
      expect(res.status).toBe(403);
    });

    it('answers a wrong check digit, unknown fields and a missing contact with 400 naming the fields', async () => {
      const wrong = await suite.http('POST', '/api/v1/applications', {
        token: chiyoda,
        body: body({ organizationCode: '131017' }),
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('VALIDATION_FAILED');
      expect(wrong.body.errors).toEqual([
        { field: 'organizationCode', message: expect.stringContaining('check digit') },
      ]);
      const unknown = await suite.http('POST', '/api/v1/applications', {
        token: chiyoda,
        body: { ...body(), colour: 'blue' },
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['colour']);
      const bad = await suite.http('POST', '/api/v1/applications', {
        token: chiyoda,
        body: body({ verifierKinds: ['other'], contact: { name: 'x', phone: 'abc', email: 'not-mail' } }),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'contact.email',
        'contact.phone',
        'verifierKinds',
      ]);
      // What a person reads: a polite Japanese sentence naming each field, the English beside it (decision 233).
      for (const problem of [wrong, unknown, bad]) {
        expect(problem.body.detail).toMatch(
          /^入力内容に誤りがあります。次の項目をご確認ください: .+ \/ Invalid request/,
        );
        for (const e of problem.body.errors as { field: string; message: string }[]) {
          expect(e.message).toMatch(new RegExp(`^「${e.field.replace('.', '\\.')}」.*(ください|です)。 / \\S`));
        }
      }
      expect(wrong.body.errors[0].message).toContain('地方公共団体コード');
      const email = bad.body.errors.find((e: { field: string }) => e.field === 'contact.email');
      expect(email.message).toMatch(/^「contact\.email」にはメールアドレスを入力してください。 \/ /);
    });

    it('answers an unknown code and a ward with 422 and their own codes, naming organizationCode', async () => {
      // 130109: check digit right (weights 6,5,4,3,2 → 1·5+3·4 … r 2 → 9), but no such municipality.
      const unknown = await suite.http('POST', '/api/v1/applications', {
        token: operator,
        body: body({ organizationCode: '130109' }),
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ code: 'LOCAL_GOVERNMENT_UNKNOWN', errors: [{ field: 'organizationCode' }] });
      const ward = await suite.http('POST', '/api/v1/applications', {
        token: operator,
        body: body({ organizationCode: '141518', verifierName: '相模原市緑区' }),
      });
      expect(ward.status).toBe(422);
      expect(ward.body).toMatchObject({
        code: 'LOCAL_GOVERNMENT_IS_WARD',
        cityCode: '141500',
        errors: [{ field: 'organizationCode' }],
      });
      expect(ward.body.detail).toContain('相模原市（141500）として申請してください');
    });

    it('gives one case and one ApplicationRequested for the same Idempotency-Key, also after intake restarts', async () => {
      const headers = { 'idempotency-key': 'shinjuku-a1-0001' };
      const first = await suite.http('POST', '/api/v1/applications', {
        token: shinjuku,
        headers,
        body: body({ organizationCode: '131041', verifierName: '新宿区' }),
      });
      expect(first.status).toBe(201);
      const again = await suite.http('POST', '/api/v1/applications', {
        token: shinjuku,
        headers,
        body: body({ organizationCode: '131041', verifierName: '新宿区' }),
      });
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      await suite.stopService('intake');
      await suite.startService('intake');
      const afterRestart = await suite.http('POST', '/api/v1/applications', {
        token: shinjuku,
        headers,
        body: body({ organizationCode: '131041', verifierName: '新宿区' }),
      });
      expect(afterRestart.body.id).toBe(first.body.id);
      expect(await outboxCount(IntakeEvents.ApplicationRequested, first.body.id)).toBe(1);
      const [{ n }] = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM intake.application WHERE organization_code = '131041'`,
      );
      expect(n).toBe(1);
      const reused = await suite.http('POST', '/api/v1/applications', {
        token: shinjuku,
        headers,
        body: body({ organizationCode: '131041', verifierName: '別名' }),
      });
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    }, 60_000);

    it('stops and restarts cleanly while its consumer is handling the event just written', async () => {
      // Regression: EventConsumer.stop() used to wait forever when it raced a message in handle().
      for (const code of ['131075', '131083', '131091', '131113', '131121']) {
        const res = await suite.http('POST', '/api/v1/applications', {
          token: operator,
          body: body({ organizationCode: code, verifierName: code }),
        });
        expect(res.status).toBe(201);
        await suite.stopService('intake');
        await suite.startService('intake');
        const view = await suite.http('GET', `/api/v1/applications/${res.body.id}`, { token: operator });
        expect(view.body.status).toBe('requested');
      }
    }, 30_000);

    it("hides another organisation's case: 404 on the case and absent from its list", async () => {
      expect((await suite.http('GET', `/api/v1/applications/${caseId}`, { token: shinjuku })).status).toBe(404);
      expect((await suite.http('GET', `/api/v1/applications/${caseId}/timeline`, { token: shinjuku })).status).toBe(
        404,
      );
      expect(
        (
          await suite.http('PATCH', `/api/v1/applications/${caseId}`, {
            token: shinjuku,
            body: { wantsOnlineTest: false },
          })
        ).status,
      ).toBe(404);
      const list = await suite.http('GET', '/api/v1/applications', { token: shinjuku });
      expect(list.body.total).toBe(1);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(caseId);
      const unknownId = await suite.http('GET', '/api/v1/applications/6f1c1d6e-0000-4000-8000-000000000000', {
        token: operator,
      });
      expect(unknownId.status).toBe(404);
    });

    it('does not let an applicant qualify its own case (403)', async () => {
      const res = await suite.http('POST', `/api/v1/applications/${caseId}/qualification`, {
        token: chiyoda,
        body: { decision: 'qualified' },
      });
      expect(res.status).toBe(403);
    });
  });

  describe('A-2', () => {
    const open = async (code: string, name: string) =>
      (
        await suite.http('POST', '/api/v1/applications', {
          token: operator,
          body: body({ organizationCode: code, verifierName: name }),
        })
      ).body.id as string;

    it('qualifies: A-2 done, A-3 open for the applicant, status qualified, one event', async () => {
      const id = await open('131130', '渋谷区');
      const res = await suite.http('POST', `/api/v1/applications/${id}/qualification`, {
        token: operator,
        body: { decision: 'qualified' },
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('qualified');
      expect(res.body.qualification).toMatchObject({ decision: 'qualified', reason: null, decidedBy: 'op-1' });
      const steps = Object.fromEntries(res.body.steps.map((s: { code: string; status: string }) => [s.code, s.status]));
      expect(steps).toMatchObject({ 'A-1': 'done', 'A-2': 'done', 'A-3': 'open', 'A-4': 'waiting' });
      expect(res.body.nextActions).toEqual([expect.objectContaining({ step: 'A-3', actor: 'applicant' })]);
      expect(await outboxCount(IntakeEvents.ApplicationQualified, id)).toBe(1);
      const twice = await suite.http('POST', `/api/v1/applications/${id}/qualification`, {
        token: operator,
        body: { decision: 'rejected', reason: 'x' },
      });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('APPLICATION_NOT_AWAITING_QUALIFICATION');
    });

    it('rejects only with a reason; the rest of the case is not needed and the organisation may apply again', async () => {
      const id = await open('131059', '文京区');
      const noReason = await suite.http('POST', `/api/v1/applications/${id}/qualification`, {
        token: operator,
        body: { decision: 'rejected' },
      });
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
      const res = await suite.http('POST', `/api/v1/applications/${id}/qualification`, {
        token: operator,
        body: { decision: 'rejected', reason: '署名検証者の要件を満たしていません' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'rejected',
        qualification: { decision: 'rejected', reason: '署名検証者の要件を満たしていません' },
        nextActions: [],
      });
      const steps = Object.fromEntries(res.body.steps.map((s: { code: string; status: string }) => [s.code, s.status]));
      expect(steps).toMatchObject({ 'A-1': 'done', 'A-2': 'done', 'A-3': 'not-needed', 'A-12': 'not-needed' });
      const [event] = await sql<{ envelope: { payload: { reason: string } } }>(
        `SELECT envelope FROM intake.outbox WHERE type = $1 AND envelope->>'applicationId' = $2`,
        [IntakeEvents.ApplicationRejected, id],
      );
      expect(event.envelope.payload.reason).toBe('署名検証者の要件を満たしていません');
      const patch = await suite.http('PATCH', `/api/v1/applications/${id}`, {
        token: operator,
        body: { wantsOnlineTest: false },
      });
      expect(patch.status).toBe(409);
      expect(patch.body.code).toBe('APPLICATION_CLOSED');
      expect(
        (
          await suite.http('POST', '/api/v1/applications', {
            token: operator,
            body: body({ organizationCode: '131059', verifierName: '文京区' }),
          })
        ).status,
      ).toBe(201);
    });

    it('records the timeline of a case oldest first, with actor, time and summary', async () => {
      const id = await open('131067', '台東区');
      await suite.http('PATCH', `/api/v1/applications/${id}`, { token: operator, body: { wantsOnlineTest: false } });
      await suite.http('POST', `/api/v1/applications/${id}/qualification`, {
        token: operator,
        body: { decision: 'qualified' },
      });
      const res = await suite.http('GET', `/api/v1/applications/${id}/timeline`, { token: operator });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(3);
      expect(res.body.items.map((e: { type: string }) => e.type)).toEqual([
        IntakeEvents.ApplicationRequested,
        IntakeEvents.ApplicationUpdated,
        IntakeEvents.ApplicationQualified,
      ]);
      expect(res.body.items[0]).toMatchObject({
        actor: { sub: 'op-1', role: 'operator' },
        steps: ['A-1:done'],
        summary: expect.stringContaining('台東区'),
      });
      expect(res.body.items[1].summary).toContain('not wanted');
      const times = res.body.items.map((e: { at: string }) => Date.parse(e.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      const view = await suite.http('GET', `/api/v1/applications/${id}`, { token: operator });
      const steps = Object.fromEntries(
        view.body.steps.map((s: { code: string; status: string }) => [s.code, s.status]),
      );
      expect(steps).toMatchObject({ 'A-8': 'not-needed', 'A-9': 'not-needed', 'A-10': 'waiting' });
    });
  });

  describe('withdrawal and the online-test wish', () => {
    it('lets the applicant withdraw a case that has not gone live; it is then closed and the organisation may apply again', async () => {
      const meguro = await suite.token({ role: 'applicant', org: '131105', sub: 'meguro-1' });
      const opened = await suite.http('POST', '/api/v1/applications', {
        token: meguro,
        body: body({ organizationCode: '131105', verifierName: '目黒区', wantsOnlineTest: false }),
      });
      expect(opened.body.wantsOnlineTest).toBe(false);
      const id = opened.body.id as string;
      const patched = await suite.http('PATCH', `/api/v1/applications/${id}`, {
        token: meguro,
        body: { wantsOnlineTest: true },
      });
      expect(patched.body.steps.find((s: { code: string }) => s.code === 'A-8').status).toBe('waiting');
      expect(
        (await suite.http('PATCH', `/api/v1/applications/${id}`, { token: meguro, body: { wantsOnlineTest: 'yes' } }))
          .body.errors[0].field,
      ).toBe('wantsOnlineTest');
      const res = await suite.http('POST', `/api/v1/applications/${id}/withdrawal`, {
        token: meguro,
        body: { reason: '予算措置の見送り' },
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('withdrawn');
      expect(res.body.steps.find((s: { code: string }) => s.code === 'A-2').status).toBe('not-needed');
      expect(await outboxCount(IntakeEvents.ApplicationStatusChanged, id)).toBe(1);
      expect(await outboxCount(IntakeEvents.ApplicationUpdated, id)).toBe(1);
      const again = await suite.http('POST', `/api/v1/applications/${id}/withdrawal`, {
        token: meguro,
        body: { reason: 'x' },
      });
      expect(again.body.code).toBe('APPLICATION_CLOSED');
      expect(
        (
          await suite.http('POST', '/api/v1/applications', {
            token: meguro,
            body: body({ organizationCode: '131105', verifierName: '目黒区' }),
          })
        ).status,
      ).toBe(201);
    });
  });

  it('documents the intake routes and their bodies in OpenAPI', async () => {
    const doc = (await suite.http('GET', '/api/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/applications',
        '/api/v1/applications/{id}/qualification',
        '/api/v1/local-governments',
      ]),
    );
    expect(Object.keys(doc.components.schemas.ApplicationRequestBody.properties)).toEqual(
      expect.arrayContaining([
        'organizationCode',
        'verifierName',
        'verifierKinds',
        'department',
        'contact',
        'wantsOnlineTest',
      ]),
    );
    expect(doc.components.schemas.ApplicationQualifyBody.properties.decision.enum).toEqual(['qualified', 'rejected']);
  });

  describe('lists', () => {
    it('filters by status, organisation, open step and who must act, with paging', async () => {
      const all = await suite.http('GET', '/api/v1/applications?limit=2', { token: operator });
      expect(all.status).toBe(200);
      expect(all.body.items).toHaveLength(2);
      const total = all.body.total as number;
      const page2 = await suite.http('GET', '/api/v1/applications?limit=2&page=2', { token: operator });
      expect(page2.body.total).toBe(total);
      expect(page2.body.items.map((c: { id: string }) => c.id)).not.toContain(all.body.items[0].id);

      const everything = (await suite.http('GET', '/api/v1/applications?limit=200', { token: operator })).body
        .items as {
        id: string;
        status: string;
        organizationCode: string;
        openSteps: string[];
        waitingFor: string[];
      }[];
      expect(everything).toHaveLength(total);
      const check = async (query: string, expected: (c: (typeof everything)[number]) => boolean) => {
        const res = await suite.http('GET', `/api/v1/applications?limit=200&${query}`, { token: operator });
        expect(res.status).toBe(200);
        const want = everything
          .filter(expected)
          .map((c) => c.id)
          .sort();
        expect(want.length).toBeGreaterThan(0);
        expect(res.body.items.map((c: { id: string }) => c.id).sort()).toEqual(want);
        expect(res.body.total).toBe(want.length);
      };
      await check('status=qualified', (c) => c.status === 'qualified');
      await check('status=rejected', (c) => c.status === 'rejected');
      await check('organizationCode=131059', (c) => c.organizationCode === '131059');
      await check('step=A-2', (c) => c.openSteps.includes('A-2'));
      await check('step=A-3', (c) => c.openSteps.includes('A-3'));
      await check('waitingFor=operator', (c) => c.waitingFor.includes('operator'));
      await check('waitingFor=applicant', (c) => c.waitingFor.includes('applicant'));
      await check(`q=${encodeURIComponent('文京')}`, (c) => c.organizationCode === '131059');
      await check('q=1310', (c) => c.organizationCode.startsWith('1310'));
      expect((await suite.http('GET', '/api/v1/applications?status=open', { token: operator })).status).toBe(400);
      expect((await suite.http('GET', '/api/v1/applications?step=A-13', { token: operator })).status).toBe(400);
    });
  });
});
