import { eventually, ReceivedMail } from '@jlis/testing';
import { addDays, japanDate, ManualClock } from '@jlis/runtime';
import { TestAccessJob } from '../apps/access/src/grants/test-access.job';
import { Api, prepare, token, walk } from '../scripts/lib/walk';
import { TestSuite } from './suite';

/**
 * Test access has a term (TEST_ACCESS_DAYS, here 30): a notice a week before its end, the end itself, and an operator's
 * extension in between — each mailed to the case's contacts and its contractor. The services' clock is moved by hand
 * and the job ticked, as its schedule would.
 */
describe('the term of test access', () => {
  let suite: TestSuite;
  const clock = new ManualClock(new Date());
  const start = japanDate(clock.now());
  const at = (days: number) => clock.set(new Date(Date.parse(`${addDays(start, days)}T01:00:00Z`)));
  let api: Api;
  let shared: Awaited<ReturnType<typeof prepare>>;
  let id: string;
  let grantId: string;
  const ORG = { code: '131016', name: '千代田区' };

  beforeAll(async () => {
    suite = await TestSuite.start({ clock, env: { MAIL_POLL_MS: '50', TEST_ACCESS_DAYS: '30' } });
    api = suite.api();
    shared = await prepare(api, { organizations: [ORG], perContractor: 1 });
    id = await walk(api, shared, ORG, 0, {}, { until: 'A-10' });
    const access = await suite.http('GET', `/api/v1/applications/${id}/access`, { token: shared.operator });
    grantId = access.body.grants.find((g: { environment: string }) => g.environment === 'test').id;
  }, 120_000);

  afterAll(async () => {
    await suite?.destroy();
  });

  const job = () => suite.app('access').get(TestAccessJob);
  const mailsWith = (subjectPart: string): ReceivedMail[] =>
    suite.smtp.mails.filter((m) => m.parsed.subject?.includes(subjectPart));
  const to = (mail: ReceivedMail) => [mail.parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));
  const extend = (body: unknown, as = shared.operator) =>
    suite.http('POST', `/api/v1/access-grants/${grantId}/test-access-extension`, { token: as, body });
  const dateJa = (date: string) => date.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1年$2月$3日');

  it('tells the contacts and the contractor a week before the end, once', async () => {
    at(22);
    expect(await job().tick()).toBe(true);
    await settle();
    expect(mailsWith('テスト環境の利用期限のお知らせ')).toHaveLength(0);
    at(23);
    await job().tick();
    await job().tick();
    const [mail] = await eventually(
      async () => mailsWith('テスト環境の利用期限のお知らせ').length > 0 && mailsWith('テスト環境の利用期限のお知らせ'),
    );
    expect(to(mail)).toEqual(expect.arrayContaining([`jpki@${ORG.code}.example.lg.jp`, 'contractor1@sim.example.jp']));
    expect(mail.parsed.text).toContain(`${dateJa(addDays(start, 29))}をもって利用期限を迎えます`);
    expect(mail.parsed.text).not.toContain(grantId);
    await settle();
    expect(mailsWith('テスト環境の利用期限のお知らせ')).toHaveLength(1);
  });

  it('is extended by an operator only, to a later day, and the extension is mailed and kept', async () => {
    const applicant = await token({ role: 'applicant', org: ORG.code }, `sim-applicant-${ORG.code}`);
    expect((await extend({ expiresOn: addDays(start, 40), reason: '追加試験のため' }, applicant)).status).toBe(403);
    const notLater = await extend({ expiresOn: addDays(start, 30), reason: '追加試験のため' });
    expect([notLater.status, notLater.body.code]).toEqual([409, 'TEST_ACCESS_NOT_EXTENDABLE']);
    expect(notLater.body.errors.map((e: { field: string }) => e.field)).toEqual(['expiresOn']);
    const bad = await extend({ expiresOn: '2027-02-30', reason: '追加試験のため' });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    const done = await extend({ expiresOn: addDays(start, 40), reason: 'OCSP方式の追加試験のため' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ grantId, effectiveOn: start, expiresOn: addDays(start, 40) });
    expect(done.body.extensions).toHaveLength(1);
    const [mail] = await eventually(
      async () => mailsWith('利用期限延長のお知らせ').length > 0 && mailsWith('利用期限延長のお知らせ'),
    );
    expect(mail.parsed.text).toContain(`${dateJa(addDays(start, 39))}まで延長いたしました`);
    expect(mail.parsed.text).toContain('延長の理由: OCSP方式の追加試験のため');
  });

  it('ends test access on its (extended) end, after a new notice, and refuses extending what ended', async () => {
    // The old end passes without an end: the extension moved it.
    at(30);
    await job().tick();
    await settle();
    expect(mailsWith('アクセス権終了のお知らせ')).toHaveLength(0);
    at(33);
    await job().tick();
    await eventually(async () => mailsWith('テスト環境の利用期限のお知らせ').length === 2);

    at(40);
    await job().tick();
    await job().tick();
    await eventually(async () => mailsWith('アクセス権終了のお知らせ').length > 0);
    await settle();
    expect(mailsWith('アクセス権終了のお知らせ')).toHaveLength(1);
    const access = await suite.http('GET', `/api/v1/applications/${id}/access`, { token: shared.operator });
    const grant = access.body.grants.find((g: { id: string }) => g.id === grantId);
    expect(grant.status).toBe('revoked');
    expect(grant.effectiveUntil).toBe(addDays(start, 39));
    expect(access.body.history).toContainEqual(
      expect.objectContaining({ grantId, kind: 'revoked', onDate: addDays(start, 40), actor: 'system' }),
    );
    const late = await extend({ expiresOn: addDays(start, 60), reason: '追加試験のため' });
    expect([late.status, late.body.code]).toEqual([409, 'TEST_ACCESS_NOT_EXTENDABLE']);
  });
});
