import { PortalProblem } from '@jlis/portal-client';
import { describe, expect, it } from 'vitest';
import { identityOf, session } from './auth/session';
import { ageInDays, arrange } from './pages/CaseList';
import { returnedReasons } from './pages/SubmitForm';
import { japanese, shownProblem } from './problems';
import { match } from './router';

const problem = (status: number, code: string, detail: string, errors?: { field: string; message: string }[]) =>
  new PortalProblem(status, { type: 'about:blank', title: '', status, code, detail, requestId: 'r', errors });

const jwt = (claims: object) =>
  `e30.${btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(claims))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')}.sig`;

describe('problems', () => {
  it('keeps the Japanese part of a "日本語 / English" sentence', () => {
    expect(japanese('書類を選んでください / Choose a document')).toBe('書類を選んでください');
    expect(japanese('日本語だけ')).toBe('日本語だけ');
  });

  it('puts each field error next to its field, in Japanese', () => {
    const sut = shownProblem(
      problem(400, 'VALIDATION_FAILED', 'Invalid request: check contact.email.', [
        { field: 'contact.email', message: 'メールアドレスの形式が正しくありません / not an e-mail address' },
      ]),
    );
    expect(sut.fields).toEqual({ 'contact.email': 'メールアドレスの形式が正しくありません' });
    expect(sut.message).toBe('入力内容を確認してください。');
  });

  it('says in Japanese what a field needs when the suite refused it in English only', () => {
    const sut = shownProblem(
      problem(400, 'VALIDATION_FAILED', 'Invalid request: check contact.phone.', [
        { field: 'contact.phone', message: 'phone must be a phone number such as 03-1234-5678' },
        { field: 'somethingElse', message: 'must be a string' },
      ]),
    );
    expect(sut.fields).toEqual({
      'contact.phone': '電話番号を 03-1234-5678 のように入力してください。',
      somethingElse: 'この項目の内容を確認してください。',
    });
  });

  it("names a field by the form's words, not the API path the suite's sentence quotes", () => {
    const sut = shownProblem(
      problem(400, 'VALIDATION_FAILED', '入力内容を確認してください / Invalid request', [
        {
          field: 'contact.email',
          message: '「contact.email」にはメールアドレスを入力してください。 / must be an email',
        },
        { field: 'unknownField', message: '「unknownField」は文字列で入力してください。 / must be a string' },
      ]),
    );
    expect(sut.fields).toEqual({
      'contact.email': 'メールアドレスを正しい形式で入力してください。',
      unknownField: '「unknownField」は文字列で入力してください。',
    });
  });

  it("shows the problem's own Japanese sentence when it has one", () => {
    const sut = shownProblem(problem(409, 'SUBMISSION_AWAITING_REVIEW', '審査中です / It awaits review'));
    expect(sut.message).toBe('審査中です');
  });

  it("never shows the suite's English internal error to a person", () => {
    const sut = shownProblem(problem(500, 'INTERNAL', 'An internal error occurred; it has been logged.'));
    expect(sut.message).toBe(
      'システムでエラーが発生しました。少し待ってからもう一度お試しください。続く場合は J-LIS にお問い合わせください。',
    );
  });
});

describe('session', () => {
  it('reads role, organisation and name from the token and keeps it out of web storage', () => {
    session.set(jwt({ sub: 'a-1', role: 'applicant', org: '131016', name: '山田 太郎' }));
    expect(session.get()?.identity).toEqual({
      sub: 'a-1',
      role: 'applicant',
      org: '131016',
      contractor: undefined,
      name: '山田 太郎',
    });
    expect(JSON.stringify({ ...localStorage })).not.toContain('e30');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('e30');
    session.set(undefined);
    expect(session.get()).toBeUndefined();
  });

  it('refuses a token without a role the console knows', () => {
    expect(() => identityOf(jwt({ sub: 'x', role: 'admin' }))).toThrow('役割');
  });
});

describe('queue', () => {
  const base = {
    organizationCode: '131016',
    organizationName: '千代田区',
    verifierName: '千代田区',
    status: 'requested' as const,
    contractorId: null,
    wantsOnlineTest: true,
    openSteps: [],
    waitingFor: [],
    nextActions: [],
  };
  it('lists the oldest request first and filters by verifier kind', () => {
    const items = [
      {
        ...base,
        id: 'b',
        receptionNumber: 'JPKI-2026-00002',
        requestedAt: '2026-11-02T00:00:00Z',
        verifierKinds: ['signature' as const],
      },
      {
        ...base,
        id: 'a',
        receptionNumber: 'JPKI-2026-00001',
        requestedAt: '2026-11-01T00:00:00Z',
        verifierKinds: ['signature' as const],
      },
      {
        ...base,
        id: 'c',
        receptionNumber: 'JPKI-2026-00003',
        requestedAt: '2026-10-01T00:00:00Z',
        verifierKinds: ['user-certificate' as const],
      },
    ];
    expect(arrange(items, '').map((c) => c.id)).toEqual(['c', 'a', 'b']);
    expect(arrange(items, 'signature').map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('counts the age in days in Japan', () => {
    // 23:30 UTC is already the next day in Japan.
    expect(ageInDays('2026-11-01T00:00:00Z', new Date('2026-11-03T23:30:00Z'))).toBe(3);
    expect(ageInDays('2026-11-01T00:00:00Z', new Date('2026-11-01T10:00:00Z'))).toBe(0);
  });
});

describe('router', () => {
  it('matches a case path and nothing else', () => {
    expect(match('/cases/:id', '/cases/abc')).toEqual({ id: 'abc' });
    expect(match('/cases/:id', '/cases/abc/x')).toBeUndefined();
  });
});

describe('returned submissions', () => {
  it("gives the latest round's reasons by field, and nothing once it is accepted", () => {
    const round = (round: number, status: 'returned' | 'accepted', reasons: { field?: string; message: string }[]) =>
      ({ form: 'A-03-1', series: 1, round, status, review: { reasons } }) as never;
    const returned = [round(1, 'returned', [{ field: 'items', message: '不足' }, { message: '押印' }])];
    expect(returnedReasons(returned, 'A-03-1')).toEqual({ items: ['不足'], '': ['押印'] });
    expect(returnedReasons([...returned, round(2, 'accepted', [])], 'A-03-1')).toEqual({});
  });
});
