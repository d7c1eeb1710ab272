import { corporateNumberCheckDigit } from '@jlis/contracts';
import { eventually } from '@jlis/testing';
import { Pool } from 'pg';
import { PDF, prepare, todayInJapan, walk } from '../scripts/lib/walk';
import { TestSuite } from './suite';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * The system contractor as issue 13 has it, through the gateway: a case cites only the connections of the contractor
 * it names at that time; a local government may name another one at any time, which then gets its own A-03-2,
 * NDA and disclosures, while the previous one loses sight of the case.
 */
describe('the system contractor of a case', () => {
  let suite: TestSuite;
  let pool: Pool;
  let operator: string;
  let serial = 3100;
  const today = todayInJapan();

  beforeAll(async () => {
    suite = await TestSuite.start();
    pool = new Pool({ connectionString: suite.db.url, max: 2 });
    operator = await suite.token({ role: 'operator', sub: 'op-tanaka' });
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await suite?.destroy();
  });

  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await pool.query(text, params)).rows as T[];
  const ok = async <T = any>(method: string, path: string, token: string, body?: unknown): Promise<T> => {
    const res = await suite.http(method, path, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const send = (id: string, token: string, form: string, fields: unknown) => {
    const data = new FormData();
    data.set('form', form);
    data.set('fields', JSON.stringify(fields));
    data.set('file', new Blob([PDF], { type: 'application/pdf' }), `${form}.pdf`);
    return suite.http('POST', `/api/v1/applications/${id}/submissions`, { token, form: data });
  };
  const review = (sid: string, body: Record<string, unknown>) =>
    suite.http('POST', `/api/v1/submissions/${sid}/review`, { token: operator, body });

  /** A contractor with one test and one production registration (addresses unique per contractor). */
  const contractor = async (name: string) => {
    serial++;
    const rest = String(serial).padStart(12, '0');
    const c = await ok('POST', '/api/v1/contractors', operator, {
      name,
      corporateNumber: `${corporateNumberCheckDigit(rest)}${rest}`,
      email: `jpki-${serial}@vendor.example.jp`,
    });
    const token = await suite.token({ role: 'contractor', contractor: c.id, sub: `vendor-${serial}` });
    const octet = serial % 250;
    const test = await ok('POST', `/api/v1/contractors/${c.id}/connections`, token, {
      environment: 'test',
      method: 'lgwan',
      cidrs: [`10.${octet}.1.0/28`],
    });
    const production = await ok('POST', `/api/v1/contractors/${c.id}/connections`, token, {
      environment: 'production',
      method: 'lgwan',
      cidrs: [`10.${octet}.2.0/28`],
    });
    // documents and access check references against their projections: wait until both have the registrations.
    await eventually(async () => {
      const [row] = await sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM documents.connection_ref WHERE contractor_id = $1::uuid)
              + (SELECT count(*) FROM documents.contractor_ref WHERE id = $1::uuid)
              + (SELECT count(*) FROM intake.contractor WHERE contractor_id = $1::text) AS n`,
        [c.id],
      );
      return Number(row.n) === 4;
    }, 20_000);
    return { id: c.id as string, name, token, test: test.id as string, production: production.id as string };
  };

  /** A qualified case of `org`, known qualified to documents and access. */
  const qualifiedCase = async (org: string, name: string, kinds = ['signature']) => {
    const applicant = await suite.token({ role: 'applicant', org, sub: `applicant-${org}` });
    const created = await ok('POST', '/api/v1/applications', applicant, {
      organizationCode: org,
      verifierName: name,
      verifierKinds: kinds,
      department: '情報政策課',
      contact: { name: '山田 太郎', phone: '03-3264-2111', email: `jpki@${org}.example.lg.jp` },
    });
    await ok('POST', `/api/v1/applications/${created.id}/qualification`, operator, { decision: 'qualified' });
    await known(created.id, { status: 'qualified' });
    return { id: created.id as string, applicant };
  };

  /** Waits until documents and access hold the case with this status and contractor. */
  const known = (id: string, want: { status?: string; contractorId?: string | null }) =>
    eventually(async () => {
      for (const schema of ['documents', 'access']) {
        const [row] = await sql<{ status: string; contractor_id: string | null }>(
          `SELECT snapshot->>'status' AS status, contractor_id FROM ${schema}.case_snapshot WHERE application_id = $1`,
          [id],
        );
        if (!row) return false;
        if (want.status && row.status !== want.status) return false;
        if (want.contractorId !== undefined && row.contractor_id !== want.contractorId) return false;
      }
      return true;
    }, 20_000);

  const nameContractor = async (id: string, token: string, contractorId: string) => {
    const view = await ok('PUT', `/api/v1/applications/${id}/contractor`, token, { contractorId });
    await known(id, { contractorId });
    return view;
  };

  describe('only the named contractor’s connections (A-8 注1, A-11 注3)', () => {
    it('refuses every connection while the case names no contractor', async () => {
      const vendor = await contractor('株式会社いずれかのベンダー');
      const { id, applicant } = await qualifiedCase('131016', '千代田区');
      const refused = await send(id, applicant, 'A-08-1', { connectionId: vendor.test, viaLgpki: false });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'CASE_NAMES_NO_CONTRACTOR',
        errors: [{ field: 'fields.connectionId' }],
      });
      expect(refused.body.detail).toMatch(/^この申請にはシステム受託者が指定されていないため.* \/ This case names no/);
      const link = await suite.http('POST', `/api/v1/applications/${id}/connection-links`, {
        token: applicant,
        body: { connectionId: vendor.test, viaLgpki: false },
      });
      expect(link).toMatchObject({ status: 409, body: { code: 'CASE_NAMES_NO_CONTRACTOR' } });
    });

    it("refuses another vendor's connection in an A-08-1, an A-11-2 and a connection link, naming the case's contractor", async () => {
      const named = await contractor('株式会社指定システム');
      const other = await contractor('株式会社ほかのベンダー');
      const { id, applicant } = await qualifiedCase('131041', '新宿区');
      await nameContractor(id, applicant, named.id);

      const a081 = await send(id, applicant, 'A-08-1', { connectionId: other.test, viaLgpki: false });
      expect(a081).toMatchObject({
        status: 422,
        body: { code: 'CONNECTION_NOT_OF_CONTRACTOR', errors: [{ field: 'fields.connectionId' }] },
      });
      expect(a081.body.detail).toContain(
        'この申請のシステム受託者（株式会社指定システム）が登録したものではありません',
      );
      expect(a081.body.detail).toContain(
        ' / The connection cited was not registered by the contractor this case names',
      );
      expect(a081.body.detail).not.toMatch(UUID);
      const a112 = await send(id, applicant, 'A-11-2', {
        startDate: today,
        connectionId: other.production,
        reason: 'initial',
      });
      expect(a112).toMatchObject({ status: 422, body: { code: 'CONNECTION_NOT_OF_CONTRACTOR' } });
      const link = await suite.http('POST', `/api/v1/applications/${id}/connection-links`, {
        token: applicant,
        body: { connectionId: other.test, viaLgpki: false },
      });
      expect(link).toMatchObject({ status: 409, body: { code: 'CONNECTION_NOT_OF_CASE_CONTRACTOR' } });
      expect(link.body.detail).not.toMatch(UUID);
      // Its own contractor's registration is taken.
      expect((await send(id, applicant, 'A-08-1', { connectionId: named.test, viaLgpki: false })).status).toBe(201);
    });

    it('refuses to accept an A-11-2 citing the contractor the case named before, and test access on its A-08-1', async () => {
      const first = await contractor('株式会社はじめの受託者');
      const next = await contractor('株式会社つぎの受託者');
      const { id, applicant } = await qualifiedCase('131130', '渋谷区');
      await nameContractor(id, applicant, first.id);
      await ok('POST', `/api/v1/submissions/${(await send(id, applicant, 'A-03-4', {})).body.id}/review`, operator, {
        decision: 'accepted',
      });
      const accepted = await send(id, applicant, 'A-08-1', { connectionId: first.test, viaLgpki: false });
      await ok('POST', `/api/v1/submissions/${accepted.body.id}/review`, operator, { decision: 'accepted' });
      await ok('POST', `/api/v1/applications/${id}/agreement`, operator, { signedOn: today, effectiveFrom: today });
      const pending = await send(id, applicant, 'A-11-2', {
        startDate: today,
        connectionId: first.production,
        reason: 'initial',
      });
      expect(pending.status).toBe(201);

      await nameContractor(id, applicant, next.id);
      // The A-11-2 that came in under the first contractor is not accepted now; the operator returns it.
      const late = await review(pending.body.id, { decision: 'accepted', sealConfirmed: true });
      expect(late).toMatchObject({ status: 422, body: { code: 'CONNECTION_NOT_OF_CONTRACTOR' } });
      expect(late.body.errors).toBeUndefined();
      expect(late.body.detail).toContain('株式会社つぎの受託者');
      // Test access on the first contractor's registration is refused too.
      const grant = await eventually(async () => {
        const r = await suite.http('POST', `/api/v1/applications/${id}/access-grants`, {
          token: operator,
          body: { environment: 'test' },
        });
        return r.body?.code === 'PRECONDITION_NOT_YET_KNOWN' ? undefined : r;
      }, 20_000);
      expect(grant).toMatchObject({ status: 409, body: { code: 'CONNECTION_NOT_OF_CASE_CONTRACTOR' } });
    });
  });
  describe('a contractor can change (A-13)', () => {
    it('after go-live: the previous contractor is refused from that day, the new one gets its own A-03-2, NDA and disclosures, production moves with the next A-11-2', async () => {
      const api = suite.api();
      const shared = await prepare(api, { organizations: [{ code: '141500', name: '相模原市' }], perContractor: 1 });
      const id = await walk(api, shared, { code: '141500', name: '相模原市' }, 0, {});
      const applicant = await suite.token({ role: 'applicant', org: '141500', sub: 'applicant-141500' });
      const previous = shared.contractors[0];
      // Intake learns the go-live from access's grant event.
      const before = await eventually(async () => {
        const v = await ok('GET', `/api/v1/applications/${id}`, previous.token);
        return v.status === 'live' ? v : undefined;
      }, 20_000);
      expect(before).toMatchObject({ status: 'live', contractorId: previous.id });
      const [a0302first] = (await ok('GET', `/api/v1/applications/${id}/submissions?form=A-03-2`, operator)).items;
      expect(a0302first).toMatchObject({ series: 1, status: 'accepted', fields: { contractorId: previous.id } });

      const next = await contractor('株式会社あたらしい受託者');
      const changed = await nameContractor(id, applicant, next.id);
      expect(changed.contractorId).toBe(next.id);
      expect(changed.changes).toEqual([expect.objectContaining({ kind: 'contractor-change' })]);
      // The next actions ask for the new contractor's own A-03-2 (A-3 itself stays done).
      expect(changed.nextActions).toContainEqual({
        step: 'A-3',
        actor: 'applicant',
        action: expect.stringContaining('新たに指定したシステム受託者の複製申請書兼第三者開示通知書（A-03-2）'),
      });

      // The previous contractor no longer sees the case, in any service, nor in its list.
      for (const path of [
        `/api/v1/applications/${id}`,
        `/api/v1/applications/${id}/timeline`,
        `/api/v1/applications/${id}/submissions`,
        `/api/v1/applications/${id}/card-loans`,
        `/api/v1/applications/${id}/access`,
        `/api/v1/applications/${id}/disclosures`,
        `/api/v1/submissions/${a0302first.id}/content`,
      ]) {
        const res = await suite.http('GET', path, { token: previous.token });
        expect(`${path} → ${res.status}`).toBe(`${path} → 404`);
      }
      const list = await ok('GET', '/api/v1/applications', previous.token);
      expect(list.items.map((c: { id: string }) => c.id)).not.toContain(id);
      // Its history stays: its A-03-2 and the change itself are kept.
      const timeline = await ok('GET', `/api/v1/applications/${id}/timeline?limit=200`, operator);
      expect(
        timeline.items.filter((e: { type: string }) => e.type === 'intake.application.contractor-named'),
      ).toHaveLength(2);
      const history = (await ok('GET', `/api/v1/applications/${id}/submissions?form=A-03-2`, operator)).items;
      expect(history).toEqual([expect.objectContaining({ id: a0302first.id, status: 'accepted' })]);
      // The new contractor, before its NDA covers the case, sees no A-03-2 but its own: not the previous contractor's.
      const seen = await ok('GET', `/api/v1/applications/${id}/submissions?form=A-03-2`, next.token);
      expect(seen.items).toEqual([]);
      const others = await suite.http('GET', `/api/v1/submissions/${a0302first.id}/content`, { token: next.token });
      expect([others.status, others.body.code]).toEqual([403, 'CONTRACTOR_NDA_REQUIRED']);

      // Specs go on to the new contractor only: not to the previous one, and not before its own A-03-2 is accepted.
      const toPrevious = await suite.http('POST', `/api/v1/applications/${id}/disclosures`, {
        token: applicant,
        body: { contractorId: previous.id, items: ['server-spec'] },
      });
      expect(toPrevious).toMatchObject({ status: 422, body: { code: 'CONTRACTOR_NOT_NAMED_BY_CASE' } });
      const tooEarly = await suite.http('POST', `/api/v1/applications/${id}/disclosures`, {
        token: applicant,
        body: { contractorId: next.id, items: ['server-spec'] },
      });
      expect(tooEarly).toMatchObject({ status: 422, body: { code: 'DISCLOSURE_WITHOUT_A0302' } });

      // The new contractor's A-03-2 is a new series (the previous one's stays accepted), then its NDA and a disclosure.
      const a0302 = await send(id, applicant, 'A-03-2', { contractorId: next.id, items: ['server-spec'] });
      expect(a0302).toMatchObject({ status: 201, body: { series: 2, round: 1, status: 'received' } });
      await ok('POST', `/api/v1/submissions/${a0302.body.id}/review`, operator, { decision: 'accepted' });
      await eventually(async () => {
        const v = await ok('GET', `/api/v1/applications/${id}`, applicant);
        return !v.nextActions.some((a: { action: string }) => a.action.includes('新たに指定したシステム受託者'));
      }, 20_000);
      const nda = new FormData();
      nda.set('contractorId', next.id);
      nda.set('signedOn', today);
      nda.set('file', new Blob([PDF], { type: 'application/pdf' }), 'nda.pdf');
      const recorded = await suite.http('POST', `/api/v1/applications/${id}/contractor-ndas`, {
        token: applicant,
        form: nda,
      });
      expect(recorded.status).toBe(201);
      const disclosed = await ok('POST', `/api/v1/applications/${id}/disclosures`, applicant, {
        contractorId: next.id,
        items: ['server-spec'],
      });
      expect(disclosed).toMatchObject({ contractorId: next.id, ndaId: recorded.body.id, submissionId: a0302.body.id });
      const ledger = await ok('GET', `/api/v1/applications/${id}/disclosures`, next.token);
      expect(ledger.items.map((d: { id: string }) => d.id)).toContain(disclosed.id);

      // Production access moves with the next accepted A-11-2, citing the new contractor's registration.
      const later = new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
      const a112 = await send(id, applicant, 'A-11-2', {
        startDate: later,
        connectionId: next.production,
        reason: 'system-change',
      });
      expect(a112.status).toBe(201);
      await ok('POST', `/api/v1/submissions/${a112.body.id}/review`, operator, {
        decision: 'accepted',
        sealConfirmed: true,
      });
      // Proposed by one operator, approved by another (two people open the network).
      const moved = await eventually(async () => {
        const r = await suite.decided(
          suite.http('POST', `/api/v1/applications/${id}/access-grants`, {
            token: operator,
            body: { environment: 'production' },
          }),
        );
        return ['PRECONDITION_NOT_YET_KNOWN', 'ACCESS_ALREADY_GRANTED'].includes(r.body?.code) ? undefined : r;
      }, 20_000);
      expect(moved).toMatchObject({ status: 201, body: { status: 'scheduled', effectiveOn: later } });
      const access = await ok('GET', `/api/v1/applications/${id}/access`, next.token);
      expect(JSON.stringify(access)).toContain(next.production);

      // Q&A stays open after go-live (decision 70): the change raises a question, asked and answered on the case.
      const question = await ok('POST', `/api/v1/applications/${id}/questions`, applicant, {
        subject: '受託者変更後の接続確認',
        body: '新しい受託者の本番接続の確認方法を教えてください。',
      });
      expect(question.status).toBe('open');
      const answered = await ok('POST', `/api/v1/questions/${question.id}/answers`, operator, {
        body: '開始日以降に疎通確認をお願いいたします。',
      });
      expect(answered.status).toBe('answered');

      // Issue 13: the timeline names both contractors by company name, and no line or history reason shows an id.
      const previousName: string = (await ok('GET', `/api/v1/contractors/${previous.id}`, operator)).name;
      const granted = `アクセス権を設定 / access granted: 承認番号 ${moved.body.approval.number}、本番環境`;
      // Intake learns of the grant from access's event.
      const lines = await eventually(async () => {
        const all: string[] = (await ok('GET', `/api/v1/applications/${id}/timeline?limit=200`, operator)).items.map(
          (e: { summary: string }) => e.summary,
        );
        return all.some((l) => l.startsWith(granted)) ? all : undefined;
      }, 20_000);
      expect(lines).toContain(
        `システム受託者を指定 / contractor named: ${next.name}（変更前: ${previousName}） / was ${previousName}`,
      );
      expect(lines.filter((l) => UUID.test(l))).toEqual([]);
      expect(
        lines.filter((l) => /environment (test|production)|status [a-z]|op-tanaka|applicant-141500/.test(l)),
      ).toEqual([]);
      const reasons = (await ok('GET', `/api/v1/applications/${id}/access`, operator)).history
        .map((h: { reason: string | null }) => h.reason)
        .filter(Boolean);
      expect(reasons.filter((r: string) => UUID.test(r))).toEqual([]);
    });
  });
  describe('a contractor sees only what its NDA covers (R4)', () => {
    it('refuses the named contractor the Q&A, the agreement, the timeline and others’ submissions until its NDA is on file and its A-03-2 accepted; then lets it in', async () => {
      const vendor = await contractor('株式会社守秘ベンダー');
      const stranger = await contractor('株式会社よそのベンダー');
      const { id, applicant } = await qualifiedCase('011002', '札幌市');
      await nameContractor(id, applicant, vendor.id);
      const question = await ok('POST', `/api/v1/applications/${id}/questions`, applicant, {
        subject: '署名検証の方式について',
        body: 'OCSP の応答時間の目安を教えてください。',
      });
      const items = ['server-spec'];
      const a0301 = await send(id, applicant, 'A-03-1', { items });
      const a0303 = await send(id, applicant, 'A-03-3', {});
      const a0302 = await send(id, applicant, 'A-03-2', { contractorId: vendor.id, items });
      for (const s of [a0301, a0303, a0302]) expect(s.status).toBe(201);
      await ok('POST', `/api/v1/applications/${id}/agreement`, operator, { signedOn: today, effectiveFrom: today });

      const confidential = [
        `/api/v1/applications/${id}/questions`,
        `/api/v1/applications/${id}/agreement`,
        `/api/v1/applications/${id}/timeline`,
        `/api/v1/applications/${id}/spec-deliveries`,
        `/api/v1/submissions/${a0303.body.id}/content`,
      ];
      const reach = async (token: string) => {
        const out: Record<string, number> = {};
        for (const path of confidential) out[path] = (await suite.http('GET', path, { token })).status;
        return out;
      };
      const all = (status: number) => Object.fromEntries(confidential.map((p) => [p, status]));
      const forms = async () =>
        (await ok('GET', `/api/v1/applications/${id}/submissions`, vendor.token)).items
          .map((x: { form: string }) => x.form)
          .sort();

      // Before: the case, its next actions and what it supplies itself; nothing confidential.
      const view = await ok('GET', `/api/v1/applications/${id}`, vendor.token);
      expect(view).toMatchObject({ id, contractorId: vendor.id, nextActions: expect.any(Array) });
      expect(await reach(vendor.token)).toEqual(all(403));
      const refused = await suite.http('GET', `/api/v1/applications/${id}/questions`, { token: vendor.token });
      expect(refused.body).toMatchObject({ code: 'CONTRACTOR_NDA_REQUIRED' });
      expect(refused.body.detail).toMatch(/^この案件の Q&A・協定書.*守秘義務契約.* \/ The Q&A/);
      expect(JSON.stringify(refused.body)).not.toContain(question.subject);
      expect(await forms()).toEqual(['A-03-1', 'A-03-2']);
      const own = await suite.http('GET', `/api/v1/submissions/${a0302.body.id}/content`, { token: vendor.token });
      expect(own.status).toBe(200);
      expect((await ok('GET', `/api/v1/applications/${id}/disclosures`, vendor.token)).items).toEqual([]);

      // Its A-03-2 accepted is not enough: the NDA between the local government and it must be on file too.
      await ok('POST', `/api/v1/submissions/${a0302.body.id}/review`, operator, { decision: 'accepted' });
      expect(await reach(vendor.token)).toEqual(all(403));
      const nda = new FormData();
      nda.set('contractorId', vendor.id);
      nda.set('signedOn', today);
      nda.set('file', new Blob([PDF], { type: 'application/pdf' }), 'nda.pdf');
      expect(
        (await suite.http('POST', `/api/v1/applications/${id}/contractor-ndas`, { token: applicant, form: nda }))
          .status,
      ).toBe(201);

      // After: the Q&A and the rest are open to it; another contractor still finds no such case.
      expect(await reach(vendor.token)).toEqual(all(200));
      const questions = await ok('GET', `/api/v1/applications/${id}/questions`, vendor.token);
      expect(questions.items.map((q: { id: string }) => q.id)).toEqual([question.id]);
      expect(await forms()).toEqual(['A-03-1', 'A-03-2', 'A-03-3']);
      expect(await reach(stranger.token)).toEqual(all(404));
    });
  });
  describe('the Q&A stays open (R7, decision 70)', () => {
    it('takes questions after the agreement, while the A-7 step is done; a withdrawn case takes none', async () => {
      const { id, applicant } = await qualifiedCase('012041', '旭川市');
      await ok('POST', `/api/v1/applications/${id}/agreement`, operator, { signedOn: today, effectiveFrom: today });
      const a7 = await eventually(async () => {
        const v = await ok('GET', `/api/v1/applications/${id}`, applicant);
        return v.steps.find((st: { code: string; status: string }) => st.code === 'A-7' && st.status === 'done');
      }, 20_000);
      expect(a7).toMatchObject({ code: 'A-7', status: 'done', effectiveOn: today });
      const asked = await suite.http('POST', `/api/v1/applications/${id}/questions`, {
        token: applicant,
        body: { subject: 'テスト中の質問', body: 'テスト用ICカードの券面事項入力補助APの暗証番号を教えてください。' },
      });
      expect(asked).toMatchObject({ status: 201, body: { status: 'open' } });
      const answered = await ok('POST', `/api/v1/questions/${asked.body.id}/answers`, operator, {
        body: '同封の説明書に記載しております。',
      });
      expect(answered).toMatchObject({ id: asked.body.id, status: 'answered' });
      expect((await ok('GET', `/api/v1/applications/${id}`, applicant)).steps).toContainEqual(
        expect.objectContaining({ code: 'A-7', status: 'done' }),
      );

      await ok('POST', `/api/v1/applications/${id}/withdrawal`, applicant, { reason: '事業計画の見直しのため' });
      await known(id, { status: 'withdrawn' });
      const closed = await suite.http('POST', `/api/v1/applications/${id}/questions`, {
        token: applicant,
        body: { subject: '取下げ後', body: '取下げ後の質問です。' },
      });
      expect(closed).toMatchObject({ status: 409, body: { code: 'QA_CLOSED' } });
      expect(closed.body.detail).toMatch(/^この案件は終了しているため.* \/ This case is closed/);
    });
  });
});
