import { getDataSourceToken } from '@nestjs/typeorm';
import { eventually, ReceivedMail } from '@jlis/testing';
import { DataSource } from 'typeorm';
import { TestSuite } from './suite';

/** A-1 end to end: portal → gateway → intake → event → notifications → SMTP, read back from the wire. */
describe('A-1 mail through the whole suite', () => {
  let suite: TestSuite;
  const JLIS = 'jpki-kanri@j-lis.test';

  beforeAll(async () => {
    suite = await TestSuite.start({ services: ['intake', 'notifications'], env: { MAIL_POLL_MS: '50' } });
  });

  afterAll(async () => {
    await suite?.destroy();
  });

  const applicant = (org = '131016') => suite.token({ role: 'applicant', org, sub: `applicant-${org}` });
  // One open case per organisation (intake's rule), so each test applies for another local government.
  const request = async (verifierName: string, org = '131016') => {
    const res = await suite.http('POST', '/api/v1/applications', {
      token: await applicant(org),
      body: {
        organizationCode: org,
        verifierName,
        verifierKinds: ['signature'],
        department: '総務部情報政策課',
        contact: { name: '山田 太郎', phone: '03-1234-5678', email: 'yamada@city.example.lg.jp' },
        wantsOnlineTest: true,
      },
    });
    expect({ status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({
      status: 201,
      body: undefined,
    });
    return res.body.id as string;
  };
  const subjectOf = (verifierName: string) => `申請手続開始依頼(「${verifierName}」)`;
  const mailsFor = (verifierName: string): ReceivedMail[] =>
    suite.smtp.mails.filter((m) => m.parsed.subject === subjectOf(verifierName));
  const addresses = (mail: ReceivedMail, field: 'to' | 'replyTo') => {
    const value = mail.parsed[field];
    return (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => v.address));
  };

  it('mails J-LIS the start request with the R1 subject, Reply-To the applicant, and the request in the body', async () => {
    const id = await request('千代田区電子申請署名検証');
    const [mail] = await eventually(
      async () => mailsFor('千代田区電子申請署名検証').length > 0 && mailsFor('千代田区電子申請署名検証'),
    );
    expect(mail.parsed.subject).toBe('申請手続開始依頼(「千代田区電子申請署名検証」)');
    expect(addresses(mail, 'to')).toEqual([JLIS]);
    expect(mail.envelopeTo).toEqual([JLIS]);
    expect(addresses(mail, 'replyTo')).toEqual(['yamada@city.example.lg.jp']);
    expect(mail.parsed.messageId).toMatch(/^<[0-9a-f-]{36}\.application-requested@jpki-onboarding>$/);
    const text = mail.parsed.text!;
    const { receptionNumber } = (await suite.http('GET', `/api/v1/applications/${id}`, { token: await applicant() }))
      .body;
    expect(receptionNumber).toMatch(/^JPKI-\d{4}-\d{5}$/);
    expect(text).not.toContain(id);
    for (const line of [
      '担当者名: 山田 太郎',
      '署名検証者名: 千代田区電子申請署名検証',
      '部署: 総務部情報政策課',
      '電話: 03-1234-5678',
      'e-mail: yamada@city.example.lg.jp',
      `受付番号: ${receptionNumber}`,
    ]) {
      expect(text).toContain(line);
    }

    // The sender marks a mail sent after the server's 250, so the SMTP server may hold it a moment before that.
    const token = await applicant();
    const mine = await eventually(async () => {
      const res = await suite.http('GET', `/api/v1/notifications?applicationId=${id}`, { token });
      return res.body.items?.[0]?.status === 'sent' && res;
    });
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(1);
    expect(mine.body.items[0]).toMatchObject({
      applicationId: id,
      templateCode: 'application-requested',
      templateVersion: 2,
      status: 'sent',
      to: [JLIS],
      replyTo: 'yamada@city.example.lg.jp',
      subject: subjectOf('千代田区電子申請署名検証'),
      messageId: mail.parsed.messageId,
      attempts: 1,
    });
  });

  it('answers the mail list by role: another organisation 404, contractors 403, a bad filter 400 naming it', async () => {
    const id = await request('中央区マイナポータル連携', '131024');
    await eventually(async () => mailsFor('中央区マイナポータル連携').length > 0);
    expect(
      (await suite.http('GET', `/api/v1/notifications?applicationId=${id}`, { token: await applicant('131024') })).body
        .total,
    ).toBe(1);
    const osaka = await suite.token({ role: 'applicant', org: '271004' });
    const notOurs = await suite.http('GET', `/api/v1/notifications?applicationId=${id}`, { token: osaka });
    expect(notOurs.status).toBe(404);
    const none = await suite.http('GET', '/api/v1/notifications', { token: osaka });
    expect(none.body).toMatchObject({ items: [], total: 0 });
    const chiyoda = await suite.http('GET', '/api/v1/notifications', { token: await applicant() });
    expect(chiyoda.body.items.some((i: { applicationId: string }) => i.applicationId === id)).toBe(false);
    const contractor = await suite.http('GET', '/api/v1/notifications', {
      token: await suite.token({ role: 'contractor', contractor: 'c-1' }),
    });
    expect(contractor.status).toBe(403);
    const bad = await suite.http('GET', '/api/v1/notifications?status=lost', {
      token: await suite.token({ role: 'operator' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('status');
    // The sender marks a mail sent after the server's 250, so the SMTP server may hold it a moment before that.
    const page = await eventually(async () => {
      const res = await suite.http('GET', '/api/v1/notifications?status=sent&limit=1', {
        token: await suite.token({ role: 'operator' }),
      });
      return res.body.total >= 2 && res;
    });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(2);
  });

  it('sends the mail exactly once when notifications was down during A-1 and comes back', async () => {
    await suite.stopService('notifications');
    const id = await request('港区停止中の依頼', '131032');
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsFor('港区停止中の依頼')).toHaveLength(0);

    const app = await suite.startService('notifications');
    await eventually(async () => mailsFor('港区停止中の依頼').length > 0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(mailsFor('港区停止中の依頼')).toHaveLength(1);
    const rows = await app
      .get<DataSource>(getDataSourceToken())
      .query(`SELECT status FROM mail_message WHERE application_id = $1`, [id]);
    expect(rows).toEqual([{ status: 'sent' }]);
  });
});
