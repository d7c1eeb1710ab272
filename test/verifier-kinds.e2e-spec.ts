import { eventually } from '@jlis/testing';
import { Api, prepare, walk } from '../scripts/lib/walk';
import { TestSuite } from './suite';

/**
 * Both verifier kinds, all the way (the seed: 「利用者証明検証者についても同様」): a 利用者証明検証者-only case and a case
 * of both kinds walk A-1 … A-12 through HTTP, their texts name their own kinds, and a local government already live
 * as one kind applies for the other as a case of its own, reusing its contractor's registered connections (decision 66).
 */
describe('both verifier kinds to production access', () => {
  let suite: TestSuite;
  let api: Api;
  let shared: Awaited<ReturnType<typeof prepare>>;
  const SETAGAYA = { code: '131121', name: '世田谷区' };
  const NERIMA = { code: '131202', name: '練馬区' };

  beforeAll(async () => {
    suite = await TestSuite.start();
    api = suite.api();
    shared = await prepare(api, { organizations: [SETAGAYA, NERIMA, NERIMA], perContractor: 3 });
  });

  afterAll(async () => {
    await suite?.destroy();
  });

  const view = async (id: string) =>
    (await suite.http('GET', `/api/v1/applications/${id}`, { token: shared.operator })).body;
  /** Every step done (A-1 … A-12) once intake has every service's events. */
  const live = (id: string) =>
    eventually(async () => {
      const v = await view(id);
      return v.status === 'live' && v.steps.every((s: { status: string }) => s.status === 'done') && v;
    }, 30_000);
  const timeline = async (id: string): Promise<string[]> =>
    (await suite.http('GET', `/api/v1/applications/${id}/timeline`, { token: shared.operator })).body.items.map(
      (e: { summary: string }) => e.summary,
    );
  const mailsAbout = (receptionNumber: string) =>
    suite.smtp.mails.filter((m) => (m.parsed.text ?? '').includes(`受付番号: ${receptionNumber}`));

  it('walks a 利用者証明検証者-only case to A-12, naming its kind and never the other', async () => {
    const id = await walk(api, shared, SETAGAYA, 0, {}, { verifierKinds: ['user-certificate'] });
    const done = await live(id);
    expect(done.verifierKinds).toEqual(['user-certificate']);
    const summaries = await timeline(id);
    expect(summaries).toContain('A-2 利用者証明検証者の資格を確認 / qualified');
    expect(summaries.join('\n')).not.toMatch(/署名検証/);
    const [a1] = await eventually(async () => {
      const m = mailsAbout(done.receptionNumber).filter((x) => x.parsed.subject?.startsWith('申請手続開始依頼'));
      return m.length > 0 && m;
    });
    expect(a1.parsed.text).toContain('検証の種類: 利用者証明検証');
    expect(a1.parsed.text).toContain('利用者証明検証者名: 世田谷区');
    // 署名検証者等 is the seed's name for both kinds together (and A-11-3's form title says 署名検証者側); 署名検証 alone
    // would be the other kind.
    const mails = mailsAbout(done.receptionNumber);
    expect(mails.length).toBeGreaterThan(5);
    for (const m of mails) expect(`${m.parsed.subject}\n${m.parsed.text}`).not.toMatch(/署名検証(?!者等|者側連絡先)/);
    const grants = (await suite.http('GET', `/api/v1/applications/${id}/access`, { token: shared.operator })).body;
    expect(JSON.stringify(grants)).toContain('"environment":"production"');
  });

  it('walks a case of both kinds to A-12, with an information method per kind', async () => {
    const id = await walk(api, shared, NERIMA, 1, {}, { verifierKinds: ['signature', 'user-certificate'] });
    const done = await live(id);
    expect(done.verifierKinds).toEqual(['signature', 'user-certificate']);
    expect(await timeline(id)).toContain('A-2 署名検証者・利用者証明検証者の資格を確認 / qualified');
  });

  it('lets a local government live as one kind apply for the other: a case of its own, its contractor’s connections reused', async () => {
    const signature = await walk(api, shared, SETAGAYA, 2, {}, { verifierKinds: ['signature'] });
    const second = await live(signature);
    const first = (
      await suite.http('GET', `/api/v1/applications?organizationCode=${SETAGAYA.code}&limit=10`, {
        token: shared.operator,
      })
    ).body.items;
    expect(first).toHaveLength(2);
    expect(new Set(first.map((c: { receptionNumber: string }) => c.receptionNumber)).size).toBe(2);
    expect(second.verifierKinds).toEqual(['signature']);
    // The contractor's test connection was registered by the first case's A-08-1; this case linked it (A-8 注2).
    const access = (await suite.http('GET', `/api/v1/applications/${signature}/access`, { token: shared.operator }))
      .body;
    expect(JSON.stringify(access)).toContain(shared.contractors[0].testConnectionId);
    // Still one open case per kind: the organisation cannot open a second signature case while this one is live.
    const again = await suite.http('POST', '/api/v1/applications', {
      token: shared.operator,
      body: {
        organizationCode: SETAGAYA.code,
        verifierName: '世田谷区',
        verifierKinds: ['signature'],
        department: '情報政策課',
        contact: { name: '検証 太郎', phone: '03-1234-5678', email: 'jpki@131121.example.lg.jp' },
      },
    });
    expect([again.status, again.body.code]).toEqual([409, 'APPLICATION_ALREADY_OPEN']);
    expect(again.body.detail).toContain(second.receptionNumber);
  });
});
