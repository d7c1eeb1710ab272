import { eventually } from '@jlis/testing';
import { execFileSync } from 'node:child_process';
import { PDF, todayInJapan } from '../scripts/lib/walk';
import { TestSuite } from './suite';

/**
 * One local government from and an A-13 change, only through the gateway's HTTP API as an external
 * portal would; every mail checked on the loopback SMTP server, the case view and timeline at each step. Then a
 * 利用者証明検証者, a case that is both kinds, and a contractor serving two local governments with one registration.
 */
/** The text of a PDF as a reader copies it (pdftotext from poppler-utils; scripts/lib/system-deps.js installs it). */
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
/** 2026-04-01 → 2026年4月1日. */
const jaDate = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

describe('the whole procedure through HTTP', () => {
  let suite: TestSuite;
  let operator: string;
  /** A second J-LIS operator: production access, suspensions and revocations are decided by two people. */
  let approver: string;
  const JLIS = 'jpki-kanri@j-lis.test';
  const today = todayInJapan();
  const file = () => new Blob([PDF], { type: 'application/pdf' });

  beforeAll(async () => {
    suite = await TestSuite.start();
    operator = await suite.token({ role: 'operator', sub: 'op-suzuki', name: '鈴木 一郎' });
    approver = await suite.token({ role: 'operator', sub: 'op-tanaka', name: '田中 花子' });
  }, 120_000);

  afterAll(async () => {
    await suite?.destroy();
  });

  const ok = async <T = any>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> => {
    const res = await suite.http(method, path, { token, body, headers });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  /** Retries while another service has not yet seen the events it needs. */
  const soon = <T>(fn: () => Promise<T>) => eventually<T>(() => fn().catch(() => undefined), 20_000, 100);
  const submit = (id: string, token: string, form: string, fields: unknown) =>
    soon(async () => {
      const data = new FormData();
      data.set('form', form);
      data.set('fields', JSON.stringify(fields));
      data.set('file', file(), `${form}.pdf`);
      const res = await suite.http('POST', `/api/v1/applications/${id}/submissions`, { token, form: data });
      if (res.status !== 201) throw new Error(`${form}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; round: number; series: number };
    });
  const accept = (sid: string, extra: Record<string, unknown> = {}) =>
    ok('POST', `/api/v1/submissions/${sid}/review`, operator, { decision: 'accepted', ...extra });
  const view = (id: string, token = operator) => ok('GET', `/api/v1/applications/${id}`, token);
  /** Waits until the case view shows these step statuses. */
  const steps = async (id: string, expected: Record<string, string>) =>
    eventually(async () => {
      const v = await view(id);
      const actual = Object.fromEntries(v.steps.map((s: { code: string; status: string }) => [s.code, s.status]));
      return Object.entries(expected).every(([k, s]) => actual[k] === s) ? v : undefined;
    }, 20_000).catch(async () => {
      const v = await view(id);
      throw new Error(`steps not reached: want ${JSON.stringify(expected)}, have ${JSON.stringify(v.steps)}`);
    });
  const timelineTypes = async (id: string) =>
    (await ok('GET', `/api/v1/applications/${id}/timeline`, operator)).items?.map((e: { type: string }) => e.type) ??
    (await ok('GET', `/api/v1/applications/${id}/timeline`, operator)).map((e: { type: string }) => e.type);
  const mailsTo = (address: string, subject: RegExp) =>
    suite.smtp.mails.filter((m) => m.envelopeTo.includes(address) && subject.test(m.parsed.subject ?? ''));
  const waitMail = (address: string, subject: RegExp, count = 1) =>
    eventually(async () => (mailsTo(address, subject).length >= count ? mailsTo(address, subject) : undefined), 20_000);

  it('walks 千代田区 from A-1 to A-12 and through an A-13 change', async () => {
    const applicant = await suite.token({ role: 'applicant', org: '131016', sub: 'chiyoda-yamada' });
    const contactMail = 'jpki@city.chiyoda.example.lg.jp';

    // the start request, mailed to J-LIS with the exact subject and Reply-To the applicant (R1).
    const created = await ok('POST', '/api/v1/applications', applicant, {
      organizationCode: '131016',
      verifierName: '千代田区',
      verifierKinds: ['signature'],
      department: '政策経営部情報政策課',
      contact: { name: '山田 太郎', phone: '03-3264-2111', email: contactMail },
    });
    const id: string = created.id;
    expect(created.status).toBe('requested');
    const [a1] = await waitMail(JLIS, /^申請手続開始依頼/);
    expect(a1.parsed.subject).toBe('申請手続開始依頼(「千代田区」)');
    expect(a1.parsed.replyTo?.value[0].address).toBe(contactMail);
    for (const field of ['山田 太郎', '千代田区', '政策経営部情報政策課', '03-3264-2111', contactMail])
      expect(a1.parsed.text).toContain(field);
    const afterA1 = await steps(id, { 'A-1': 'done', 'A-2': 'open' });
    expect(afterA1.nextActions).toEqual([expect.objectContaining({ step: 'A-2', actor: 'operator' })]);

    // Contractor and its registrations.
    const contractor = await ok('POST', '/api/v1/contractors', operator, {
      name: '株式会社テスト受託',
      corporateNumber: '7000012050002',
      email: 'jpki@contractor.example.jp',
    });
    const ct = await suite.token({ role: 'contractor', contractor: contractor.id });
    const testConn = await ok('POST', `/api/v1/contractors/${contractor.id}/connections`, ct, {
      environment: 'test',
      method: 'lgwan',
      cidrs: ['10.20.30.0/24'],
    });
    const prodConn = await ok('POST', `/api/v1/contractors/${contractor.id}/connections`, ct, {
      environment: 'production',
      method: 'lgwan',
      cidrs: ['10.40.0.0/24'],
    });

    // qualified; the applicant is told what to submit, with the templates.
    await ok('POST', `/api/v1/applications/${id}/qualification`, operator, { decision: 'qualified' });
    await waitMail(contactMail, /./);
    await steps(id, { 'A-2': 'done', 'A-3': 'open' });
    await soon(() => ok('PUT', `/api/v1/applications/${id}/contractor`, applicant, { contractorId: contractor.id }));

    // A-03-1 returned once and resubmitted as round 2; then everything accepted → done.
    const items = ['server-spec', 'profile-spec', 'client-software'];
    const first = await submit(id, applicant, 'A-03-1', { items: ['server-spec'] });
    await ok('POST', `/api/v1/submissions/${first.id}/review`, operator, {
      decision: 'returned',
      reasons: [{ field: 'items', message: 'プロフィール技術仕様書も必要です' }],
    });
    const second = await submit(id, applicant, 'A-03-1', { items });
    expect(second.round).toBe(2);
    await accept(second.id);
    for (const [form, fields] of [
      ['A-03-2', { contractorId: contractor.id, items }],
      ['A-03-3', {}],
      ['A-03-4', {}],
    ] as const) {
      await accept((await submit(id, applicant, form, fields)).id);
    }
    const afterA4 = await steps(id, { 'A-3': 'done', 'A-4': 'done', 'A-5': 'open', 'A-7': 'open', 'A-8': 'open' });
    expect(afterA4.nextActions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ step: 'A-5', actor: 'operator' }),
        expect.objectContaining({ step: 'A-8', actor: 'applicant' }),
      ]),
    );

    // specs by e-mail; A-6: loan receipt → cards lent and shipped.
    await ok('POST', `/api/v1/applications/${id}/spec-deliveries`, operator, { items, medium: 'email' });
    await steps(id, { 'A-5': 'done' });
    const kinds = await ok('GET', '/api/v1/card-kinds', applicant);
    const kind = (kinds.items ?? kinds)[0].code;
    await ok('POST', '/api/v1/cards', operator, { kind, serials: ['CH-0001', 'CH-0002'] });
    await accept((await submit(id, applicant, 'A-06', { cards: [{ kind, quantity: 2 }] })).id);
    const loan = await soon(async () => {
      const loans = await ok('GET', `/api/v1/applications/${id}/card-loans`, applicant);
      const l = (loans.items ?? loans)[0];
      return l?.units?.length === 2 ? l : undefined;
    });
    await ok('POST', `/api/v1/card-loans/${loan.id}/shipment`, operator, {
      carrier: 'ゆうパック',
      trackingNumber: 'JP123',
      shippedOn: today,
    });
    await steps(id, { 'A-6': 'done', 'A-10': 'open' });

    // a question answered, then the agreement.
    const q = await ok('POST', `/api/v1/applications/${id}/questions`, applicant, {
      subject: 'OCSPの応答時間',
      body: '目安を教えてください',
    });
    await waitMail(JLIS, /./, 2);
    await ok('POST', `/api/v1/questions/${q.id}/answers`, operator, { body: '仕様書の5章を参照ください' });
    await ok('POST', `/api/v1/applications/${id}/agreement`, operator, { signedOn: today, effectiveFrom: today });
    await steps(id, { 'A-7': 'done' });

    // test registration and test access.
    await accept((await submit(id, applicant, 'A-08-1', { connectionId: testConn.id, viaLgpki: false })).id);
    await steps(id, { 'A-8': 'done' });
    const testGrant = await soon(() =>
      ok('POST', `/api/v1/applications/${id}/access-grants`, operator, { environment: 'test' }),
    );
    expect(testGrant.status).toBe('active');
    await steps(id, { 'A-9': 'done' });

    // cards back; the step waits for the applicant to record that the test is finished (テスト終了後).
    await ok('POST', `/api/v1/card-loans/${loan.id}/returns`, operator, {
      serials: ['CH-0001', 'CH-0002'],
      receivedOn: today,
      condition: 'good',
    });
    await steps(id, { 'A-10': 'open' });
    await ok('POST', `/api/v1/applications/${id}/test-completion`, applicant, { completedOn: today });
    await steps(id, { 'A-10': 'done' });

    // the four papers; A-12: production access, effective today.
    await accept((await submit(id, applicant, 'A-11-1', { methods: { signature: 'ocsp' } })).id);
    await accept(
      (await submit(id, applicant, 'A-11-2', { startDate: today, connectionId: prodConn.id, reason: 'initial' })).id,
      { sealConfirmed: true },
    );
    await accept((await submit(id, applicant, 'URL', { url: 'https://jpki.city.chiyoda.example.lg.jp/' })).id);
    await accept(
      (
        await submit(id, applicant, 'A-11-3', {
          contacts: [
            { role: 'primary', name: '佐藤 花子', department: '情報政策課', phone: '03-3264-2112', email: contactMail },
          ],
        })
      ).id,
    );
    await steps(id, { 'A-11': 'done' });
    // two people open production access. One operator proposes it; alone, that opens nothing.
    const proposal = await soon(() =>
      ok('POST', `/api/v1/applications/${id}/access-grants`, operator, { environment: 'production' }),
    );
    expect(proposal).toMatchObject({
      kind: 'production-grant',
      status: 'proposed',
      approvalsRequired: 2,
      proposedBy: { name: '鈴木 一郎', at: expect.any(String) },
      approvedBy: [],
      grant: null,
    });
    const alone = await suite.http('POST', `/api/v1/access-decisions/${proposal.id}/approval`, { token: operator });
    expect(alone).toMatchObject({ status: 409, body: { code: 'APPROVER_IS_PROPOSER' } });
    expect(alone.body.detail).toContain('ご自身が提案した決定は承認できません');
    const waiting = await ok('GET', `/api/v1/applications/${id}/access`, applicant);
    expect(waiting.grants.filter((g: { environment: string }) => g.environment === 'production')).toEqual([]);
    expect(waiting.decisions).toEqual([expect.objectContaining({ id: proposal.id, status: 'proposed' })]);
    expect((await ok('GET', '/api/v1/access-decisions', approver)).items.map((d: { id: string }) => d.id)).toContain(
      proposal.id,
    );
    // A second operator approves: production access opens, both names and times are kept, no login id is shown.
    const approved = await ok('POST', `/api/v1/access-decisions/${proposal.id}/approval`, approver);
    expect(approved).toMatchObject({
      status: 'approved',
      proposedBy: { name: '鈴木 一郎', at: proposal.proposedBy.at },
      approvedBy: [{ name: '田中 花子', at: expect.any(String) }],
    });
    expect(Date.parse(approved.approvedBy[0].at)).toBeGreaterThanOrEqual(Date.parse(proposal.proposedBy.at));
    const prod = approved.grant;
    expect(prod).toMatchObject({
      status: 'active',
      effectiveOn: today,
      decisionId: proposal.id,
      approval: { number: expect.any(String), approvedOn: today, approver: '田中 花子' },
    });
    const decided = await ok('GET', `/api/v1/applications/${id}/access`, applicant);
    expect(decided.decisions).toEqual([
      expect.objectContaining({
        status: 'approved',
        grantId: prod.id,
        proposedBy: proposal.proposedBy,
        approvedBy: approved.approvedBy,
      }),
    ]);
    const decisionLines = await eventually(async () => {
      const items: { type: string; summary: string; at: string }[] = (
        await ok('GET', `/api/v1/applications/${id}/timeline?limit=200`, applicant)
      ).items;
      const lines = items.filter((e) => e.type.startsWith('access.decision.'));
      return lines.length === 2 ? lines : undefined;
    }, 20_000);
    expect(decisionLines.map((e) => e.summary)).toEqual([
      expect.stringContaining('提案者 鈴木 一郎'),
      expect.stringMatching(/提案者 鈴木 一郎.*承認者 田中 花子/),
    ]);
    expect(JSON.stringify(decisionLines.map((e) => e.summary))).not.toMatch(/op-suzuki|op-tanaka/);

    // The approved A-11-2 comes back as a PDF the local government prints: rendered off the approval's path,
    // downloadable by the case's parties (not by another local government), attached to the letter that sends it.
    const document = await eventually(async () => {
      const r = await suite.http('GET', `/api/v1/access-grants/${prod.id}/approval-document`, { token: applicant });
      return r.status === 200 ? r : undefined;
    }, 20_000);
    expect(document.headers.get('content-type')).toBe('application/pdf');
    expect(document.headers.get('content-disposition')).toContain(`A-11-2_${prod.approval.number}.pdf`);
    const printed = pdfText(document.body);
    for (const line of [
      'アクセス権登録申請書兼承認書',
      `承認番号 ${prod.approval.number}`,
      `承認日 ${jaDate(today)}`,
      '田中 花子',
      '千代田区',
      '署名検証者',
      '新規',
      '本番環境',
      jaDate(today),
    ]) {
      expect(printed).toContain(line);
    }
    expect(printed).not.toMatch(/op-suzuki|op-tanaka|[0-9a-f]{8}-[0-9a-f]{4}-/);
    const stranger = await suite.token({ role: 'applicant', org: '131041' });
    expect(
      (await suite.http('GET', `/api/v1/access-grants/${prod.id}/approval-document`, { token: stranger })).status,
    ).toBe(404);
    const [letter] = await waitMail(contactMail, /申請書兼承認書（A-11-2）の送付/);
    expect(letter.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`A-11-2_${prod.approval.number}.pdf`, 'application/pdf'],
    ]);
    expect(Buffer.compare(letter.parsed.attachments[0].content, document.body)).toBe(0);
    const live = await steps(id, { 'A-12': 'done' });
    await eventually(async () => ((await view(id)).status === 'live' ? true : undefined), 20_000);
    expect(live.steps.map((s: { code: string }) => s.code)).toEqual([
      'A-1',
      'A-2',
      'A-3',
      'A-4',
      'A-5',
      'A-6',
      'A-7',
      'A-8',
      'A-9',
      'A-10',
      'A-11',
      'A-12',
    ]);
    expect((await view(id, applicant)).contacts.map((c: { name: string }) => c.name)).toEqual(['佐藤 花子']);
    await waitMail('jpki@contractor.example.jp', /./);

    // a system change — a new A-11-2 starting later, granted again; it supersedes from its start date.
    const later = new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    await accept(
      (await submit(id, applicant, 'A-11-2', { startDate: later, connectionId: prodConn.id, reason: 'system-change' }))
        .id,
      { sealConfirmed: true },
    );
    const changeProposal = await soon(() =>
      ok('POST', `/api/v1/applications/${id}/access-grants`, operator, { environment: 'production' }),
    );
    const change = (await ok('POST', `/api/v1/access-decisions/${changeProposal.id}/approval`, approver)).grant;
    expect(change).toMatchObject({ status: 'scheduled', effectiveOn: later });
    const changed = await eventually(async () => {
      const v = await view(id);
      return v.changes.length > 0 ? v : undefined;
    }, 20_000);
    expect(changed.status).toBe('live');
    const types = await timelineTypes(id);
    for (const t of [
      'intake.application.requested',
      'intake.application.qualified',
      'documents.submission.returned',
      'documents.applications.completed',
      'cards.loan.shipped',
      'documents.agreement.concluded',
      'access.grant.created',
    ]) {
      expect(types).toContain(t);
    }
    expect(types.indexOf('intake.application.requested')).toBe(0);

    // Issue 13: every timeline line and history a person reads names things in words and numbers — the company, the
    // loan's number, the approval number — never an id, a code or a login id.
    const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    const lines: string[] = (await ok('GET', `/api/v1/applications/${id}/timeline?limit=200`, operator)).items.map(
      (e: { summary: string }) => e.summary,
    );
    expect(lines.filter((l) => UUID.test(l))).toEqual([]);
    expect(
      lines.filter((l) => /environment (test|production)|status [a-z]|op-suzuki|op-tanaka|chiyoda-yamada/.test(l)),
    ).toEqual([]);
    expect(lines).toContain('システム受託者を指定 / contractor named: 株式会社テスト受託');
    expect(lines).toContainEqual(expect.stringContaining(`カードを発送 / cards shipped: 貸出 ${loan.number}`));
    expect(lines).toContainEqual(
      expect.stringContaining(`アクセス権を設定 / access granted: 承認番号 ${prod.approval.number}、本番環境`),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^状態 \/ status → 本番稼働中 \/ live/));
    const history = (await ok('GET', `/api/v1/applications/${id}/access`, operator)).history;
    expect(history.filter((h: { reason: string | null }) => h.reason && UUID.test(h.reason))).toEqual([]);
    for (const serial of ['CH-0001', 'CH-0002']) {
      const notes: string[] = (await ok('GET', `/api/v1/cards/${serial}`, operator)).history
        .map((h: { note: string | null }) => h.note)
        .filter(Boolean);
      expect(notes.filter((n) => UUID.test(n))).toEqual([]);
      expect(notes).toEqual(
        expect.arrayContaining([
          `貸出 ${loan.number} に割当 / allocated to loan ${loan.number}`,
          `貸出 ${loan.number} の返却を受領（${today}、状態良好） / returned on loan ${loan.number} ${today}, good`,
        ]),
      );
    }

    // Every mail of the walk reached the right people (architecture.md "Who hears what"), each message once.
    const subjectsTo = (address: string) =>
      suite.smtp.mails.filter((m) => m.envelopeTo.includes(address)).map((m) => m.parsed.subject ?? '');
    await eventually(
      async () => subjectsTo(contactMail).some((x) => x.includes('アクセス権設定(開始日指定)のお知らせ')) || undefined,
      20_000,
    );
    const toApplicant = subjectsTo(contactMail);
    const expectedToApplicant = [
      '資格確認完了と様式送付のお知らせ',
      '書類差戻しのお知らせ',
      '書類受理のお知らせ',
      '申請受付完了のお知らせ',
      '技術仕様書等送付のお知らせ',
      'テスト用ICカード発送のお知らせ',
      '質問への回答',
      'アクセス権設定のお知らせ',
      'アクセス権設定(開始日指定)のお知らせ',
    ];
    expect(expectedToApplicant.filter((want) => !toApplicant.some((x) => x.includes(want)))).toEqual([]);
    expect(toApplicant.filter((x) => x.includes('書類受理のお知らせ')).length).toBeGreaterThanOrEqual(11);
    const returned = suite.smtp.mails.find(
      (m) => m.envelopeTo.includes(contactMail) && (m.parsed.subject ?? '').includes('書類差戻し'),
    );
    expect(returned?.parsed.text).toContain('プロフィール技術仕様書も必要です');
    const toJlis = subjectsTo(JLIS);
    expect(toJlis.filter((x) => x === '申請手続開始依頼(「千代田区」)')).toHaveLength(1);
    expect(toJlis.filter((x) => x.includes('書類提出: A-03-1')).length).toBe(2);
    expect(toJlis.some((x) => x.includes('質問の受付: OCSPの応答時間'))).toBe(true);
    expect(subjectsTo('jpki@contractor.example.jp').some((x) => x.includes('アクセス権設定のお知らせ'))).toBe(true);
    const ids = suite.smtp.mails.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  }, 240_000);

  it('takes a 利用者証明検証者 and a case that is both kinds, and refuses a second open case of the same kind', async () => {
    const shinjuku = await suite.token({ role: 'applicant', org: '131041' });
    const contact = { name: '鈴木 一郎', phone: '03-3209-1111', email: 'jpki@city.shinjuku.example.lg.jp' };
    const user = await ok('POST', '/api/v1/applications', shinjuku, {
      organizationCode: '131041',
      verifierName: '新宿区',
      verifierKinds: ['user-certificate'],
      department: '区民課',
      contact,
    });
    expect(user.verifierKinds).toEqual(['user-certificate']);
    const dup = await suite.http('POST', '/api/v1/applications', {
      token: shinjuku,
      body: {
        organizationCode: '131041',
        verifierName: '新宿区',
        verifierKinds: ['signature', 'user-certificate'],
        department: '区民課',
        contact,
      },
    });
    expect(dup.status).toBe(409);
    const shibuya = await suite.token({ role: 'applicant', org: '131130' });
    const both = await ok('POST', '/api/v1/applications', shibuya, {
      organizationCode: '131130',
      verifierName: '渋谷区',
      verifierKinds: ['signature', 'user-certificate'],
      department: '区民部',
      contact: { ...contact, email: 'jpki@city.shibuya.example.lg.jp' },
    });
    await ok('POST', `/api/v1/applications/${both.id}/qualification`, operator, { decision: 'qualified' });
    const mail = await waitMail(JLIS, /渋谷区/);
    expect(mail[0].parsed.subject).toBe('申請手続開始依頼(「渋谷区」)');
    // A-11-1 needs a method for each verifier kind of the case.
    const papers = await soon(() =>
      submit(both.id, shibuya, 'A-11-1', { methods: { signature: 'crl', 'user-certificate': 'ocsp' } }),
    );
    expect(papers.round).toBe(1);
    const missing = await eventually(async () => {
      const data = new FormData();
      data.set('form', 'A-11-1');
      data.set('fields', JSON.stringify({ methods: { 'user-certificate': 'crl' } }));
      data.set('file', file(), 'a.pdf');
      const r = await suite.http('POST', `/api/v1/applications/${user.id}/submissions`, {
        token: shinjuku,
        form: data,
      });
      return r.status === 404 ? undefined : r;
    }, 20_000);
    // The user-certificate-only case is not yet qualified or has its own answer; either way, never a 5xx.
    expect(missing.status).toBeLessThan(500);
  }, 120_000);

  it('serves two local governments from one contractor registration', async () => {
    const contractor = await ok('POST', '/api/v1/contractors', operator, {
      name: '共同受託株式会社',
      corporateNumber: '6000012050003',
      email: 'joint@contractor.example.jp',
    });
    const ct = await suite.token({ role: 'contractor', contractor: contractor.id });
    const shared = await ok('POST', `/api/v1/contractors/${contractor.id}/connections`, ct, {
      environment: 'test',
      method: 'internet-vpn',
      cidrs: ['2001:db8:10::/48'],
    });
    /** A qualified case naming the contractor, with its A-03-4 accepted. */
    const ready = async (org: string, name: string) => {
      const applicant = await suite.token({ role: 'applicant', org });
      const c = await ok('POST', '/api/v1/applications', applicant, {
        organizationCode: org,
        verifierName: name,
        verifierKinds: ['signature'],
        department: '情報システム課',
        contact: { name: '担当 者', phone: '044-200-2111', email: `jpki@${org}.example.lg.jp` },
      });
      await ok('POST', `/api/v1/applications/${c.id}/qualification`, operator, { decision: 'qualified' });
      await soon(() =>
        ok('PUT', `/api/v1/applications/${c.id}/contractor`, applicant, { contractorId: contractor.id }),
      );
      await accept((await submit(c.id, applicant, 'A-03-4', {})).id);
      return { id: c.id as string, applicant };
    };
    const kawasaki = await ready('141305', '川崎市');
    const yokosuka = await ready('142018', '横須賀市');
    // The first files an A-08-1 for the registration; the second links to it instead (R8).
    await accept(
      (await submit(kawasaki.id, kawasaki.applicant, 'A-08-1', { connectionId: shared.id, viaLgpki: false })).id,
    );
    await soon(() =>
      ok('POST', `/api/v1/applications/${yokosuka.id}/connection-links`, yokosuka.applicant, {
        connectionId: shared.id,
        viaLgpki: false,
      }),
    );
    for (const c of [kawasaki, yokosuka]) {
      const grant = await soon(() =>
        ok('POST', `/api/v1/applications/${c.id}/access-grants`, operator, { environment: 'test' }),
      );
      expect(grant).toMatchObject({ status: 'active', cidrs: ['2001:db8:10::/48'] });
      await steps(c.id, { 'A-8': 'done', 'A-9': 'done' });
    }
    const connections = await ok('GET', `/api/v1/contractors/${contractor.id}/connections`, ct);
    expect((connections.items ?? connections).find((x: { id: string }) => x.id === shared.id).linkedCases).toBe(2);
    // A registration in use cannot be withdrawn.
    expect((await suite.http('DELETE', `/api/v1/connections/${shared.id}`, { token: ct })).status).toBe(409);
  }, 120_000);
});
