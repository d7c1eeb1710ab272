import { applicationRequest, eventually, ReceivedMail } from '@jlis/testing';
import { ManualClock } from '@jlis/runtime';
import { ReviewRemindersJob } from '../apps/documents/src/submissions/review-reminders.job';
import { StalledCasesJob } from '../apps/intake/src/cases/stalled-cases.job';
import { TestSuite } from './suite';

/**
 * Reminders beyond cards, on Japanese business days: a submission waiting for review past REVIEW_SLA_BUSINESS_DAYS
 * reminds the J-LIS mailbox; a case waiting on the applicant past STALLED_BUSINESS_DAYS reminds its contacts. The
 * services' clock is moved by hand and each job ticked, as its schedule would.
 */
describe('reminders on business days', () => {
  let suite: TestSuite;
  // Tuesday 1 December 2026, 10:00 in Japan.
  const clock = new ManualClock(new Date('2026-12-01T01:00:00Z'));
  const JLIS = 'jpki-kanri@j-lis.test';
  let operator: string;

  beforeAll(async () => {
    suite = await TestSuite.start({
      services: ['intake', 'documents', 'notifications'],
      clock,
      env: { MAIL_POLL_MS: '50', REVIEW_SLA_BUSINESS_DAYS: '2', STALLED_BUSINESS_DAYS: '3' },
    });
    operator = await suite.token({ role: 'operator', sub: 'operator-1' });
  });

  afterAll(async () => {
    await suite?.destroy();
  });

  const applicant = (org: string) => suite.token({ role: 'applicant', org, sub: `applicant-${org}` });
  const ok = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await suite.http(method, path, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** A qualified case of `org` (its templates dispatched, so documents knows it). */
  const qualifiedCase = async (org: string, email: string) => {
    const created = await ok(
      'POST',
      '/api/v1/applications',
      await applicant(org),
      applicationRequest(org, `署名検証システム${org}`, {
        contact: { name: '検証 太郎', phone: '03-1234-5678', email },
        wantsOnlineTest: true,
      }),
    );
    await ok('POST', `/api/v1/applications/${created.id}/qualification`, operator, { decision: 'qualified' });
    return created as { id: string; receptionNumber: string };
  };
  const submit = (id: string, org: string, form: string) =>
    eventually(async () => {
      const data = new FormData();
      data.set('form', form);
      data.set('fields', JSON.stringify({}));
      data.set('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), `${form}.pdf`);
      const res = await suite.http('POST', `/api/v1/applications/${id}/submissions`, {
        token: await applicant(org),
        form: data,
      });
      return res.status === 201 && (res.body as { id: string });
    }, 20_000);
  const mailsWith = (subjectPart: string): ReceivedMail[] =>
    suite.smtp.mails.filter((m) => m.parsed.subject?.includes(subjectPart));
  const to = (mail: ReceivedMail) => [mail.parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
  const reviewJob = () => suite.app('documents').get(ReviewRemindersJob);
  const stallJob = () => suite.app('intake').get(StalledCasesJob);
  /** Mails settle: notifications polls every 50 ms, so a mail not here after a second was not sent. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

  it('reminds J-LIS of a submission past the review SLA once per period, and not of one reviewed', async () => {
    clock.set('2026-12-01T01:00:00Z');
    const c = await qualifiedCase('131016', 'yamada@city.chiyoda.example.lg.jp');
    const waiting = await submit(c.id, '131016', 'A-03-3');
    const reviewed = await submit(c.id, '131016', 'A-03-4');
    await ok('POST', `/api/v1/submissions/${reviewed.id}/review`, operator, { decision: 'accepted' });

    // Thursday 3 December: two business days waited, within the SLA of two.
    clock.set('2026-12-03T01:00:00Z');
    expect(await reviewJob().tick()).toBe(true);
    await settle();
    expect(mailsWith('審査期限超過')).toHaveLength(0);

    // Friday 4 December: three business days, past it — one mail to J-LIS's mailbox, naming the form and the case.
    clock.set('2026-12-04T01:00:00Z');
    await reviewJob().tick();
    await reviewJob().tick();
    const [mail] = await eventually(async () => mailsWith('審査期限超過').length > 0 && mailsWith('審査期限超過'));
    expect(mail.parsed.subject).toContain('【様式A-03-3】守秘義務誓約書');
    expect(mail.parsed.subject).toContain(c.receptionNumber);
    expect(to(mail)).toEqual([JLIS]);
    expect(mail.parsed.text).toContain('提出から3営業日、審査待ちのままです（目安 2営業日）');
    expect(mail.parsed.text).not.toContain(waiting.id);
    await settle();
    expect(mailsWith('審査期限超過')).toHaveLength(1);

    // Monday 7 December is the fourth business day (the weekend does not count): still the first period.
    clock.set('2026-12-07T01:00:00Z');
    await reviewJob().tick();
    await settle();
    expect(mailsWith('審査期限超過')).toHaveLength(1);
    // Tuesday 8 December, the fifth: the second reminder.
    clock.set('2026-12-08T01:00:00Z');
    await reviewJob().tick();
    await eventually(async () => mailsWith('審査期限超過').length === 2);
    expect(mailsWith('審査期限超過').filter((m) => m.parsed.subject?.includes('A-03-4'))).toHaveLength(0);

    // Reviewed, it is reminded no more.
    await ok('POST', `/api/v1/submissions/${waiting.id}/review`, operator, { decision: 'accepted' });
    clock.set('2026-12-15T01:00:00Z');
    await reviewJob().tick();
    await settle();
    expect(mailsWith('審査期限超過')).toHaveLength(2);
  });

  it('reminds the contacts of a case waiting on the applicant past STALLED_BUSINESS_DAYS, naming what it is asked to do', async () => {
    // Friday 18 December 2026: qualified, then nothing from the applicant.
    clock.set('2026-12-18T01:00:00Z');
    const c = await qualifiedCase('131041', 'jpki@city.shinjuku.example.lg.jp');
    const view = await eventually(async () => {
      const v = await ok('GET', `/api/v1/applications/${c.id}`, operator);
      return v.nextActions.length > 0 && v.nextActions.every((a: { actor: string }) => a.actor === 'applicant') && v;
    }, 20_000);
    expect(view.nextActions.map((a: { step: string }) => a.step)).toContain('A-3');

    // Three business days later (21, 22, 23 December) is within the allowance of three.
    clock.set('2026-12-23T01:00:00Z');
    expect(await stallJob().tick()).toBe(true);
    await settle();
    expect(mailsWith('お手続の状況についてのご確認')).toHaveLength(0);

    // Thursday 24 December, the fourth business day: past it — one letter to the case's contacts listing the
    // applicant's open steps.
    clock.set('2026-12-24T01:00:00Z');
    await stallJob().tick();
    await eventually(async () => mailsWith('お手続の状況についてのご確認').length > 0);
    await stallJob().tick();
    const [mail] = mailsWith('お手続の状況についてのご確認');
    expect(to(mail)).toEqual(['jpki@city.shinjuku.example.lg.jp']);
    expect(mail.parsed.subject).toContain(c.receptionNumber);
    expect(mail.parsed.text).toContain('4営業日にわたり進捗を確認できておりません');
    expect(mail.parsed.text).toContain('- A-3: ');
    expect(mail.parsed.text).not.toContain(' / ');
    expect(mail.parsed.text).not.toContain(c.id);

    // The reminder is on the case's timeline, and does not restart the count: no second letter in the same period.
    const timeline = await ok('GET', `/api/v1/applications/${c.id}/timeline`, await applicant('131041'));
    expect(timeline.items.map((e: { type: string }) => e.type)).toContain('intake.case.stalled');
    await settle();
    expect(mailsWith('お手続の状況についてのご確認')).toHaveLength(1);

    // A step by the applicant ends the stall: on 4 January 2027 only three business days have passed since (25 and
    // 28 December, 4 January — the government's year-end closure, 29 December to 3 January, is no business day).
    await submit(c.id, '131041', 'A-03-3');
    await eventually(async () => {
      const t = await ok('GET', `/api/v1/applications/${c.id}/timeline`, operator);
      return t.items.some((e: { type: string }) => e.type === 'documents.submission.received');
    }, 20_000);
    clock.set('2027-01-04T01:00:00Z');
    await stallJob().tick();
    await settle();
    expect(mailsWith('お手続の状況についてのご確認')).toHaveLength(1);
  });
});
