import { INestMicroservice } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  AccessEvents,
  ApplicationEventPayload,
  Caller,
  CardsEvents,
  DocumentsEvents,
  eventSubject,
  IntakeEvents,
  NotificationList,
} from '@jlis/contracts';
import { RpcClient, startService } from '@jlis/runtime';
import {
  createTestDatabase,
  eventually,
  ReceivedMail,
  startAll,
  startNats,
  startSmtp,
  stopTestServer,
  TestDatabase,
  TestNats,
  TestSmtp,
} from '@jlis/testing';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { notificationsApp } from '../notifications.app';
import { DEV_CARD_RETURN_ADDRESS } from '../notifications.config';
import { contact, snapshot, TestProducer } from '../test/notifications.fixtures';
import { messageIdFor } from './mail.handler';

const JLIS = 'jpki-kanri@j-lis.test';
const operator: Caller = { sub: 'op-1', role: 'operator' };

interface StoredMail {
  template_code: string;
  template_version: number;
  status: string;
  attempts: number;
  last_error: string | null;
  mail_to: string[];
  mail_cc: string[];
  reply_to: string | null;
  sent_at: Date | null;
}

describe('MailHandler and MailSender (events → stored mail → SMTP)', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let smtp: TestSmtp;
  let env: Record<string, string>;
  let sut: INestMicroservice;
  let ds: DataSource;
  let producer: TestProducer;
  let rpc: RpcClient;

  beforeAll(async () => {
    [db, nats, smtp] = await startAll<[TestDatabase, TestNats, TestSmtp]>(
      [createTestDatabase, () => startNats(), startSmtp],
      stopTestServer,
    );
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.serviceUrl('notifications'),
      ...nats.env('notifications'),
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: '4',
      SMTP_URL: smtp.url,
      SMTP_FROM: 'JPKI手続システム <noreply@jpki-onboarding.test>',
      JLIS_MAILBOX: JLIS,
      MAIL_MAX_ATTEMPTS: '3',
      MAIL_RETRY_BASE_MS: '50',
      MAIL_POLL_MS: '20',
    };
    const { config, module } = notificationsApp(env);
    sut = await startService('notifications', module, config);
    ds = sut.get<DataSource>(getDataSourceToken());
    producer = await TestProducer.start(nats);
    rpc = nats.rpcClient(3000);
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc?.close();
    await producer?.close();
    await sut?.close();
    await smtp?.close();
    await nats?.destroy();
    await db?.drop();
  });

  const wireMail = (messageId: string) =>
    eventually(async () => smtp.mails.find((m) => m.parsed.messageId === messageId));
  const stored = async (eventId: string, template: string): Promise<StoredMail | undefined> =>
    (
      await ds.query<StoredMail[]>(`SELECT * FROM mail_message WHERE event_id = $1 AND template_code = $2`, [
        eventId,
        template,
      ])
    )[0];
  const addresses = (mail: ReceivedMail, field: 'to' | 'cc' | 'replyTo') => {
    const value = mail.parsed[field];
    const list = Array.isArray(value) ? value : value ? [value] : [];
    return list.flatMap((a) => a.value.map((v) => v.address));
  };
  const requested = async (app = snapshot()) => ({
    app,
    event: await producer.emit<ApplicationEventPayload>(
      IntakeEvents.ApplicationRequested,
      { application: app },
      { applicationId: app.id },
    ),
  });

  it('sends the A-1 request to J-LIS with the exact R1 subject, Reply-To the applicant, and every field of the request', async () => {
    const { app, event } = await requested();
    const mail = await wireMail(messageIdFor(event.id, 'application-requested'));

    expect(mail.parsed.subject).toBe('申請手続開始依頼(「千代田区電子申請署名検証システム」)');
    expect(addresses(mail, 'to')).toEqual([JLIS]);
    expect(mail.envelopeTo).toEqual([JLIS]);
    expect(addresses(mail, 'replyTo')).toEqual(['yamada@city.example.lg.jp']);
    expect(mail.parsed.from?.value[0]).toEqual({ name: 'JPKI手続システム', address: 'noreply@jpki-onboarding.test' });
    const text = mail.parsed.text!;
    expect(text).toContain('担当者名: 山田 太郎');
    expect(text).toContain('署名検証者名: 千代田区電子申請署名検証システム');
    expect(text).toContain('部署: 情報政策課');
    expect(text).toContain('電話: 03-1234-5678');
    expect(text).toContain('e-mail: yamada@city.example.lg.jp');
    expect(text).toContain(`受付番号: ${app.receptionNumber}`);
    expect(text).not.toContain(app.id);
    expect(text).toContain('佐藤 花子');
    // Encoded for Japanese clients: UTF-8 encoded-word subject, base64 UTF-8 body.
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(mail.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(mail.raw).toMatch(/Content-Transfer-Encoding: base64/i);
    expect(mail.parsed.headers.get('x-jpki-template')).toBe('application-requested@2');

    const row = await eventually(
      async () =>
        (await stored(event.id, 'application-requested'))?.status === 'sent' &&
        stored(event.id, 'application-requested'),
    );
    expect(row).toMatchObject({
      template_version: 2,
      attempts: 1,
      mail_to: [JLIS],
      mail_cc: [],
      reply_to: 'yamada@city.example.lg.jp',
    });
    expect(row.sent_at).not.toBeNull();
  });

  it('tells the contacts why a request was rejected', async () => {
    const { app } = await requested();
    const rejected = await producer.emit<ApplicationEventPayload>(
      IntakeEvents.ApplicationRejected,
      { application: { ...app, status: 'rejected' }, reason: '署名検証者の資格要件(法第17条)を満たしていません。' },
      { applicationId: app.id, aggregateVersion: 2 },
    );
    const mail = await wireMail(messageIdFor(rejected.id, 'application-rejected'));
    expect(addresses(mail, 'to').sort()).toEqual(['sato@city.example.lg.jp', 'yamada@city.example.lg.jp']);
    expect(mail.parsed.text).toContain('署名検証者の資格要件(法第17条)を満たしていません。');
    expect(mail.parsed.subject).toContain(`受付番号 ${app.receptionNumber}`);
  });

  it('on qualification lists the templates sent, with their download routes, and what to submit next', async () => {
    const { app } = await requested();
    const dispatched = await producer.emit(
      DocumentsEvents.TemplatesDispatched,
      {
        applicationId: app.id,
        templates: [
          {
            form: 'A-03-1',
            nameJa: '技術仕様開示申請書',
            version: 2,
            downloadPath: `/api/v1/applications/${app.id}/templates/A-03-1`,
          },
          {
            form: 'A-03-3',
            nameJa: '守秘義務誓約書',
            version: 1,
            downloadPath: `/api/v1/applications/${app.id}/templates/A-03-3`,
          },
          {
            form: 'A-06',
            nameJa: 'テスト用ICカード借用書',
            version: 1,
            downloadPath: `/api/v1/applications/${app.id}/templates/A-06`,
          },
        ],
      },
      { applicationId: app.id },
    );
    const mail = await wireMail(messageIdFor(dispatched.id, 'application-qualified'));
    const text = mail.parsed.text!;
    expect(addresses(mail, 'to').sort()).toEqual(['sato@city.example.lg.jp', 'yamada@city.example.lg.jp']);
    expect(text).toContain('【様式A-03-1】技術仕様開示申請書（第2版）');
    // Links into the portal: PORTAL_URL (the development default here) joined with the download route.
    expect(text).toContain(`  http://127.0.0.1:3000/api/v1/applications/${app.id}/templates/A-03-3`);
    expect(text).toContain('【様式A-06】テスト用ICカード借用書（第1版）');
    expect(text).toMatch(/次にご提出いただく書類[\s\S]*A-03-4/);
  });

  it('mails the case contractor with the contacts when access is granted', async () => {
    const contractorId = 'c-0001';
    await producer.emit(AccessEvents.ContractorRegistered, {
      contractorId,
      name: '株式会社テスト開発',
      corporateNumber: '1234567890123',
      email: 'dev@contractor.example.jp',
    });
    const { app } = await requested(snapshot({ contractorId, contacts: [contact()] }));
    const grant = await producer.emit(
      AccessEvents.GrantCreated,
      {
        grantId: 'g-1',
        applicationId: app.id,
        environment: 'production',
        status: 'scheduled',
        effectiveOn: '2026-12-01',
        contractorId,
        cidrs: ['203.0.113.0/28'],
      },
      { applicationId: app.id },
    );
    const mail = await wireMail(messageIdFor(grant.id, 'access-scheduled'));
    expect(addresses(mail, 'to').sort()).toEqual(['dev@contractor.example.jp', 'yamada@city.example.lg.jp']);
    expect(mail.parsed.text).toContain('（2026年12月01日）から接続いただけます');
    expect(mail.parsed.text).toContain('山田 太郎 様\n株式会社テスト開発（システム受託者） ご担当者様');
  });

  it('copies an overdue-loan reminder to J-LIS, naming the card kind as cards defined it and where to return it', async () => {
    await producer.emit(
      CardsEvents.CardKindDefined,
      { code: 'jpki-test-a', name: 'テスト用ICカード（JPKI-AP のみ）', applications: [], active: true },
      { aggregateId: 'jpki-test-a', aggregateVersion: 1 },
    );
    await eventually(
      async () => (await ds.query(`SELECT 1 FROM card_kind_name WHERE code = 'jpki-test-a'`)).length > 0 || undefined,
    );
    const { app } = await requested();
    const overdue = await producer.emit(
      CardsEvents.LoanOverdue,
      {
        loanId: 'l-1',
        applicationId: app.id,
        expectedReturnOn: '2026-11-10',
        businessDaysOverdue: 5,
        lines: [{ kind: 'jpki-test-a', quantity: 2 }],
      },
      { applicationId: app.id },
    );
    const mail = await wireMail(messageIdFor(overdue.id, 'loan-overdue'));
    expect(addresses(mail, 'cc')).toEqual([JLIS]);
    expect(mail.envelopeTo).toContain(JLIS);
    expect(mail.parsed.text).toContain('5営業日');
    expect(mail.parsed.text).toContain('- テスト用ICカード（JPKI-AP のみ）: 2枚');
    expect(mail.parsed.text).not.toContain('jpki-test-a');
    expect(mail.parsed.text).toContain(`■ ご返却先\n${DEV_CARD_RETURN_ADDRESS}`);
  });

  it('holds a mail about a case not known yet until the case arrives, then sends it once', async () => {
    const app = snapshot({ organizationCode: '131024', organizationName: '中央区', verifierName: '中央区署名検証' });
    const received = await producer.emit(
      DocumentsEvents.SubmissionReceived,
      { submissionId: 's-early', applicationId: app.id, form: 'A-03-3', series: 1, round: 1, fields: {} },
      { applicationId: app.id },
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await stored(received.id, 'submission-received')).toBeUndefined();
    await requested(app);
    const mail = await wireMail(messageIdFor(received.id, 'submission-received'));
    expect(addresses(mail, 'to')).toEqual([JLIS]);
    expect(mail.parsed.subject).toContain('中央区、受付番号');
    expect(mail.parsed.text).toContain('【様式A-03-3】守秘義務誓約書');
  });

  it('sends one mail for an event delivered twice', async () => {
    const { event } = await requested();
    await wireMail(messageIdFor(event.id, 'application-requested'));
    // The same envelope again, under another JetStream message id so the stream's duplicate window does not absorb it.
    const nc = await nats.connect('replay');
    const provisioner = await nats.connect('provision');
    try {
      await nc.jetstream().publish(eventSubject(event.type), JSON.stringify(event), { msgID: `${event.id}-again` });
      const jsm = await provisioner.jetstreamManager();
      await eventually(async () => {
        const info = await jsm.consumers.info('EVENTS', 'notifications');
        return info.num_pending === 0 && info.num_ack_pending === 0;
      });
    } finally {
      await nc.close();
      await provisioner.close();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(
      smtp.mails.filter((m) => m.parsed.messageId === messageIdFor(event.id, 'application-requested')),
    ).toHaveLength(1);
    expect(await ds.query(`SELECT count(*)::int AS n FROM mail_message WHERE event_id = $1`, [event.id])).toEqual([
      { n: 1 },
    ]);
  });

  it('retries through a short SMTP outage with backoff and delivers once', async () => {
    smtp.failNext(2);
    const { event } = await requested();
    const mail = await wireMail(messageIdFor(event.id, 'application-requested'));
    expect(mail.parsed.subject).toBe('申請手続開始依頼(「千代田区電子申請署名検証システム」)');
    const row = await eventually(
      async () =>
        (await stored(event.id, 'application-requested'))?.status === 'sent' &&
        stored(event.id, 'application-requested'),
    );
    expect(row.attempts).toBe(3);
    expect(smtp.mails.filter((m) => m.parsed.messageId === mail.parsed.messageId)).toHaveLength(1);
  });

  it('resends with the same Message-ID when the sent mark was lost (a crash after SMTP accepted it)', async () => {
    const { event } = await requested();
    const messageId = messageIdFor(event.id, 'application-requested');
    const first = await wireMail(messageId);
    await eventually(async () => (await stored(event.id, 'application-requested'))?.status === 'sent');
    // What the database holds when an instance died between the SMTP server's 250 and its commit.
    await ds.query(`UPDATE mail_message SET status = 'pending', sent_at = NULL, attempts = 0 WHERE event_id = $1`, [
      event.id,
    ]);
    await eventually(async () => smtp.mails.filter((m) => m.parsed.messageId === messageId).length === 2);
    const again = smtp.mails.filter((m) => m.parsed.messageId === messageId)[1];
    expect(again.parsed.subject).toBe(first.parsed.subject);
    expect(again.parsed.date).toEqual(first.parsed.date);
    expect(again.parsed.text).toBe(first.parsed.text);
  });

  it('marks a mail failed, with the last error, once every attempt was refused', async () => {
    smtp.failNext(1000);
    try {
      const { event } = await requested();
      const row = await eventually(
        async () =>
          (await stored(event.id, 'application-requested'))?.status === 'failed' &&
          stored(event.id, 'application-requested'),
      );
      expect(row).toMatchObject({ attempts: 3 });
      expect(row.last_error).toContain('451');
      expect(smtp.mails.some((m) => m.parsed.messageId === messageIdFor(event.id, 'application-requested'))).toBe(
        false,
      );
      const failed = await rpc.request<NotificationList.Response>(NotificationList.subject, {
        caller: operator,
        status: 'failed',
      });
      expect(failed.items.map((i) => i.eventId)).toContain(event.id);
      expect(failed.items.every((i) => i.status === 'failed')).toBe(true);
    } finally {
      smtp.failNext(0);
    }
  });

  it('shares the work between two instances without sending any mail twice', async () => {
    const { config, module } = notificationsApp(env);
    const second = await startService('notifications', module, config);
    try {
      const events = await Promise.all(Array.from({ length: 12 }, () => requested().then((r) => r.event)));
      const ids = events.map((e) => messageIdFor(e.id, 'application-requested'));
      await eventually(async () => ids.every((id) => smtp.mails.some((m) => m.parsed.messageId === id)));
      await new Promise((r) => setTimeout(r, 300));
      for (const id of ids) expect(smtp.mails.filter((m) => m.parsed.messageId === id)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('lists mail to operators, to applicants only for their organisation, and refuses contractors', async () => {
    const other = await requested(snapshot({ organizationCode: '271004', organizationName: '大阪市' }));
    await wireMail(messageIdFor(other.event.id, 'application-requested'));
    const all = await rpc.request<NotificationList.Response>(NotificationList.subject, { caller: operator, limit: 2 });
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThan(5);

    const chiyoda: Caller = { sub: 'a-1', role: 'applicant', org: '131016' };
    const own = await rpc.request<NotificationList.Response>(NotificationList.subject, { caller: chiyoda, limit: 200 });
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.some((i) => i.applicationId === other.app.id)).toBe(false);
    const byCase = await rpc.request<NotificationList.Response>(NotificationList.subject, {
      caller: { sub: 'a-2', role: 'applicant', org: '271004' },
      applicationId: other.app.id,
    });
    expect(byCase.items).toHaveLength(1);
    expect(byCase.items[0]).toMatchObject({
      templateCode: 'application-requested',
      templateVersion: 2,
      status: 'sent',
      to: [JLIS],
    });
    await expect(
      rpc.request(NotificationList.subject, { caller: chiyoda, applicationId: other.app.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      rpc.request(NotificationList.subject, { caller: { sub: 'c', role: 'contractor', contractor: 'c-0001' } }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(rpc.request(NotificationList.subject, { caller: operator, status: 'lost' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('MailSender without SMTP_URL', () => {
  // MAIL_POLL_MS is a minute here: the file can only appear in time because the handler's NOTIFY wakes the sender.
  it('writes every mail as an .eml file named after the event and template, woken by the commit', async () => {
    const [db, nats] = await startAll<[TestDatabase, TestNats]>(
      [createTestDatabase, () => startNats()],
      stopTestServer,
    );
    const outDir = mkdtempSync(join(tmpdir(), 'jlis-mail-out-'));
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.serviceUrl('notifications'),
      NATS_URL: nats.url,
      LOG_LEVEL: 'silent',
      MAIL_OUT_DIR: outDir,
      MAIL_POLL_MS: '60000',
      JLIS_MAILBOX: JLIS,
    };
    const { config, module } = notificationsApp({ ...env, ...nats.env('notifications') });
    const sut = await startService('notifications', module, config);
    const producer = await TestProducer.start(nats);
    try {
      const app = snapshot();
      const event = await producer.emit<ApplicationEventPayload>(
        IntakeEvents.ApplicationRequested,
        { application: app },
        { applicationId: app.id },
      );
      const file = join(outDir, `${event.id}.application-requested.eml`);
      await eventually(async () => existsSync(file));
      const parsed = await simpleParser(readFileSync(file));
      expect(parsed.subject).toBe('申請手続開始依頼(「千代田区電子申請署名検証システム」)');
      expect(parsed.messageId).toBe(messageIdFor(event.id, 'application-requested'));
      expect(parsed.text).toContain('担当者名: 山田 太郎');
      // The file is written inside the sender's transaction; its "sent" mark is visible once that commits.
      const status = async () =>
        (
          await sut
            .get<DataSource>(getDataSourceToken())
            .query<{ status: string }[]>(`SELECT status FROM mail_message WHERE event_id = $1`, [event.id])
        )[0]?.status;
      expect(await eventually(async () => (await status()) === 'sent' && 'sent')).toBe('sent');
    } finally {
      await producer.close();
      await sut.close();
      await nats.destroy();
      await db.drop();
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
