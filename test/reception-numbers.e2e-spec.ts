import { applicationRequest } from '@jlis/testing';
import { ManualClock } from '@jlis/runtime';
import { TestSuite } from './suite';

/**
 * 受付番号 through the gateway: one per case, sequential per calendar year in Japan with no gaps (refused A-1s take
 * none, concurrent ones queue), shown in the case view and lists, and found by the search box however it is typed.
 */
describe('reception numbers (受付番号)', () => {
  let suite: TestSuite;
  let operator: string;
  // 2026-12-31 23:50 in Japan: the year turns ten minutes later.
  const clock = new ManualClock(new Date('2026-12-31T14:50:00Z'));

  beforeAll(async () => {
    suite = await TestSuite.start({ services: ['intake'], clock });
    operator = await suite.token({ role: 'operator', sub: 'op-1' });
  });

  afterAll(async () => {
    await suite?.destroy();
  });

  const apply = (organizationCode: string, token = operator) =>
    suite.http('POST', '/api/v1/applications', {
      token,
      body: applicationRequest(organizationCode, `${organizationCode} 電子申請署名検証`, { department: '情報政策課' }),
    });

  const numbers: Record<string, string> = {};

  it('numbers cases of a year from 1 without gaps: refused A-1s take no number, concurrent ones take one each', async () => {
    const first = await apply('131016');
    expect(first.status).toBe(201);
    expect(first.body.receptionNumber).toBe('JPKI-2026-00001');
    numbers['131016'] = first.body.receptionNumber;

    // Refused for another open case, an unknown organisation and a caller who may not: nothing is used up.
    expect((await apply('131016')).status).toBe(409);
    expect((await apply('999997')).status).toBe(422);
    const shinjuku = await suite.token({ role: 'applicant', org: '131041', sub: 'shinjuku-1' });
    expect((await apply('131024', shinjuku)).status).toBe(403);

    const codes = ['131024', '131032', '131041', '131059', '131067', '131075'];
    const answers = await Promise.all(codes.map((code) => apply(code)));
    expect(answers.map((a) => a.status)).toEqual(codes.map(() => 201));
    for (const [i, code] of codes.entries()) numbers[code] = answers[i].body.receptionNumber;
    expect(Object.values(numbers).sort()).toEqual(
      ['00001', '00002', '00003', '00004', '00005', '00006', '00007'].map((n) => `JPKI-2026-${n}`),
    );
  });

  it('starts again from 1 when the year turns in Japan (15:00 UTC on 31 December)', async () => {
    clock.set('2026-12-31T15:00:00Z');
    const res = await apply('131083');
    expect(res.status).toBe(201);
    expect(res.body.receptionNumber).toBe('JPKI-2027-00001');
    numbers['131083'] = res.body.receptionNumber;
  });

  it('shows the number in the case view and the list, and finds a case by it however it is typed', async () => {
    const [code, number] = Object.entries(numbers)[3];
    const list = await suite.http('GET', '/api/v1/applications?limit=50', { token: operator });
    expect(
      Object.fromEntries(
        list.body.items.map((c: { organizationCode: string; receptionNumber: string }) => [
          c.organizationCode,
          c.receptionNumber,
        ]),
      ),
    ).toEqual(numbers);
    const sequence = Number(number.slice(-5));
    for (const typed of [
      number,
      number.toLowerCase(),
      `2026-${sequence}`,
      `ＪＰＫＩ－２０２６－${'０'.repeat(4)}${String.fromCharCode(0xff10 + sequence)}`,
    ]) {
      const found = await suite.http('GET', `/api/v1/applications?q=${encodeURIComponent(typed)}`, { token: operator });
      expect({
        typed,
        status: found.status,
        codes: found.body.items.map((c: { organizationCode: string }) => c.organizationCode),
      }).toEqual({
        typed,
        status: 200,
        codes: [code],
      });
    }
    const view = await suite.http(
      'GET',
      `/api/v1/applications/${list.body.items.find((c: { organizationCode: string }) => c.organizationCode === code).id}`,
      { token: operator },
    );
    expect(view.body.receptionNumber).toBe(number);
  });

  it('names the open case by its number, not its id, when a second A-1 is refused', async () => {
    const res = await apply('131016');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'APPLICATION_ALREADY_OPEN', receptionNumber: numbers['131016'] });
    expect(res.body.detail).toContain(numbers['131016']);
    expect(res.body.detail).toContain('署名検証');
    expect(res.body.detail).not.toMatch(/signature(?! verification)|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
