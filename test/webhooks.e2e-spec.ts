import { corporateNumberCheckDigit } from '@jlis/contracts';
import { eventually, ReceivedWebhook, startWebhookReceiver, TestWebhookReceiver } from '@jlis/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WebhooksConsumer } from '../apps/notifications/src/webhooks/webhooks.consumer';
import { TestSuite } from './suite';

/** What a portal does with a delivery: the snippet of docs/api.md § Webhooks, written here without the service's code. */
function verify(secret: string, headers: Record<string, string | string[] | undefined>, rawBody: string): boolean {
  const id = String(headers['webhook-id']);
  const timestamp = String(headers['webhook-timestamp']);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .some((entry) => {
      const [version, signature] = entry.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}
const verifies = (secret: string, hook: ReceivedWebhook) => verify(secret, hook.headers, hook.body);

const corporateNumber = (twelve: string) => `${corporateNumberCheckDigit(twelve)}${twelve}`;

/**
 * Webhooks through the whole suite with real HTTP receivers on loopback: signed deliveries, retries, a subscription
 * disabled and its contact mailed after the retry window, nothing for another organisation or a replaced contractor,
 * and private addresses refused at connect time once WEBHOOK_ALLOW_PRIVATE is off.
 */
describe('webhooks', () => {
  let suite: TestSuite;
  let operator: string;
  const receivers: TestWebhookReceiver[] = [];
  const receiver = async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    suite = await TestSuite.start({
      services: ['intake', 'documents', 'access', 'notifications'],
      env: {
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_RETRY_MAX_MS: '400',
        WEBHOOK_RETRY_WINDOW_MS: '2500',
        MAIL_POLL_MS: '50',
      },
    });
    operator = await suite.token({ role: 'operator', sub: 'operator-1' });
  });

  afterAll(async () => {
    for (const r of receivers) await r.close();
    await suite?.destroy();
  });

  const applicant = (org: string) => suite.token({ role: 'applicant', org, sub: `portal-${org}` });
  const subscribe = async (
    token: string,
    url: string,
    eventTypes: string[],
    contactEmail = 'ops@portal.example.jp',
  ) => {
    const res = await suite.http('POST', '/api/v1/webhooks', {
      token,
      body: { url, eventTypes, contactEmail, description: 'テスト用ポータル' },
    });
    expect({ status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({
      status: 201,
      body: undefined,
    });
    return res.body as { id: string; secret: string };
  };
  const request = async (org: string, verifierName: string) => {
    const res = await suite.http('POST', '/api/v1/applications', {
      token: await applicant(org),
      body: {
        organizationCode: org,
        verifierName,
        verifierKinds: ['signature'],
        department: '情報政策課',
        contact: { name: '山田 太郎', phone: '03-1234-5678', email: `contact-${org}@city.example.lg.jp` },
      },
    });
    expect(res.status).toBe(201);
    tokens.set(res.body.id, res.headers.get('consistency-token') ?? '');
    return res.body.id as string;
  };
  /** Each case's A-1 answer's Consistency-Token (where its events are in the stream). */
  const tokens = new Map<string, string>();
  const deliveries = async (token: string, id: string) => {
    const res = await suite.http('GET', `/api/v1/webhooks/${id}/deliveries`, { token });
    expect(res.status).toBe(200);
    return res.body as { total: number; items: any[] };
  };
  const parsed = (hook: ReceivedWebhook) => JSON.parse(hook.body);

  it('signs every delivery (Standard Webhooks) and sends a case only to those who may read it', async () => {
    const mine = await receiver();
    const theirs = await receiver();
    const jlis = await receiver();
    const types = ['intake.application.requested', 'intake.application.qualified'];
    const mySub = await subscribe(await applicant('011002'), mine.url(), types);
    const theirSub = await subscribe(await applicant('012025'), theirs.url(), types);
    const opSub = await subscribe(operator, jlis.url(), ['intake.application.requested']);
    expect(mySub.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    // The secret is shown once: reads never carry it.
    const read = await suite.http('GET', `/api/v1/webhooks/${mySub.id}`, { token: await applicant('011002') });
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
    expect(read.body).toMatchObject({ status: 'active', eventTypes: types, ownerOrganizationCode: '011002' });

    const id = await request('011002', '札幌市');
    const [hook] = await eventually(async () => mine.received.length > 0 && mine.received);
    expect(verifies(mySub.secret, hook)).toBe(true);
    expect(verifies(theirSub.secret, hook)).toBe(false);
    expect(Number(hook.headers['webhook-timestamp'])).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(hook.headers['content-type']).toBe('application/json');
    const body = parsed(hook);
    expect(body).toMatchObject({
      type: 'intake.application.requested',
      case: { applicationId: id, organizationCode: '011002' },
      ids: { applicationId: id },
    });
    // The 受付番号 intake gave at A-1, as the case view shows it.
    const view = await suite.http('GET', `/api/v1/applications/${id}`, { token: await applicant('011002') });
    expect(view.status).toBe(200);
    expect(body.case.receptionNumber).toBe(view.body.receptionNumber);
    // The consistency token of the event: digits, no later than the A-1 answer's own token (the command's newest
    // event), and a read passing it as minVersion answers at once with the case.
    expect(body.consistencyToken).toMatch(/^[0-9]+$/);
    expect(tokens.get(id)).toMatch(/^[0-9]+$/);
    expect(Number(body.consistencyToken)).toBeGreaterThan(0);
    expect(Number(body.consistencyToken)).toBeLessThanOrEqual(Number(tokens.get(id)));
    const atToken = await suite.http('GET', `/api/v1/applications/${id}?minVersion=${body.consistencyToken}`, {
      token: await applicant('011002'),
    });
    expect({ status: atToken.status, id: atToken.body.id }).toEqual({ status: 200, id });

    // The operator's subscription got it too (every case is theirs); by then the other organisation's would have.
    await eventually(async () => jlis.received.some((h) => parsed(h).case.applicationId === id));
    await new Promise((r) => setTimeout(r, 300));
    expect(theirs.received).toEqual([]);
    expect((await deliveries(await applicant('012025'), theirSub.id)).total).toBe(0);

    const log = await deliveries(await applicant('011002'), mySub.id);
    expect(log.items[0]).toMatchObject({
      id: hook.headers['webhook-id'],
      eventType: 'intake.application.requested',
      applicationId: id,
      status: 'delivered',
      attempts: 1,
    });
    expect(log.items[0].tries).toEqual([expect.objectContaining({ attempt: 1, statusCode: 204, error: null })]);
    await suite.http('DELETE', `/api/v1/webhooks/${opSub.id}`, { token: operator });
  });

  it("keeps subscriptions to their owners: another organisation's is a 404, the list shows one's own", async () => {
    const r = await receiver();
    const sub = await subscribe(await applicant('013021'), r.url(), ['intake.application.updated']);
    const stranger = await applicant('014010');
    for (const [method, path] of [
      ['GET', `/api/v1/webhooks/${sub.id}`],
      ['GET', `/api/v1/webhooks/${sub.id}/deliveries`],
      ['POST', `/api/v1/webhooks/${sub.id}/secret`],
      ['DELETE', `/api/v1/webhooks/${sub.id}`],
    ]) {
      expect(`${method} ${(await suite.http(method, path, { token: stranger })).status}`).toBe(`${method} 404`);
    }
    const list = await suite.http('GET', '/api/v1/webhooks', { token: stranger });
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(sub.id);
    const own = await suite.http('GET', '/api/v1/webhooks', { token: await applicant('013021') });
    expect(own.body.items.map((s: { id: string }) => s.id)).toContain(sub.id);
  });

  it('refuses a subscription without a contact e-mail or with an unknown event type, naming the field', async () => {
    const token = await applicant('011002');
    const noContact = await suite.http('POST', '/api/v1/webhooks', {
      token,
      body: { url: 'https://portal.example.jp/hook', eventTypes: ['intake.application.requested'] },
    });
    expect(noContact.status).toBe(400);
    expect(JSON.stringify(noContact.body)).toContain('contactEmail');
    const unknown = await suite.http('POST', '/api/v1/webhooks', {
      token,
      body: { url: 'https://portal.example.jp/hook', eventTypes: ['cards.stock.low'], contactEmail: 'a@example.jp' },
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('eventTypes');
  });

  it('retries after the receiver fails, with the same webhook-id and a fresh signature, and logs every try', async () => {
    const r = await receiver();
    r.answer(500, 503);
    const token = await applicant('015202');
    const sub = await subscribe(token, r.url(), ['intake.application.requested']);
    await request('015202', '旭川市');
    await eventually(async () => r.received.length >= 3);
    const [first, second, third] = r.received;
    expect([first.status, second.status, third.status]).toEqual([500, 503, 204]);
    expect(new Set(r.received.map((h) => h.headers['webhook-id'])).size).toBe(1);
    expect(r.received.every((h) => verifies(sub.secret, h))).toBe(true);
    // Doubling waits: 100 ms, then 200 ms.
    expect(second.at - first.at).toBeGreaterThanOrEqual(90);
    expect(third.at - second.at).toBeGreaterThanOrEqual(190);
    const log = await eventually(async () => {
      const l = await deliveries(token, sub.id);
      return l.items[0]?.status === 'delivered' && l;
    });
    expect(log.items[0].tries.map((t: { statusCode: number }) => t.statusCode)).toEqual([500, 503, 204]);
    expect(log.items[0].attempts).toBe(3);
  });

  it('signs with the new secret once it is rotated', async () => {
    const r = await receiver();
    const token = await applicant('016012');
    const sub = await subscribe(token, r.url(), ['intake.application.requested']);
    const rotated = await suite.http('POST', `/api/v1/webhooks/${sub.id}/secret`, { token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(sub.secret);
    await request('016012', '室蘭市');
    const [hook] = await eventually(async () => r.received.length > 0 && r.received);
    expect(verifies(rotated.body.secret, hook)).toBe(true);
    expect(verifies(sub.secret, hook)).toBe(false);
  });

  it('queues one delivery per subscription and event, however often the event comes', async () => {
    const r = await receiver();
    const sub = await subscribe(await applicant('022012'), r.url(), ['intake.application.updated']);
    const id = await request('022012', '函館市');
    const consumer = suite.app('notifications').get(WebhooksConsumer);
    const dataSource = suite.app('notifications').get<DataSource>(getDataSourceToken());
    const [row] = await eventually(async () => {
      const rows = await dataSource.query(`SELECT snapshot FROM case_snapshot WHERE application_id = $1`, [id]);
      return rows.length > 0 && rows;
    });
    const event = {
      id: '00000000-0000-4000-8000-000000000017',
      type: 'intake.application.updated',
      version: 1,
      occurredAt: new Date().toISOString(),
      actor: { sub: 'x', role: 'applicant' as const },
      correlationId: 'c',
      applicationId: id,
      aggregateId: id,
      aggregateVersion: 99,
      payload: { application: row.snapshot },
    };
    await dataSource.transaction((m) => consumer.fanOut(event, m));
    await dataSource.transaction((m) => consumer.fanOut(event, m));
    await eventually(async () => r.received.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.received).toHaveLength(1);
    expect((await deliveries(await applicant('022012'), sub.id)).total).toBe(1);
  });

  it('sends nothing more to a contractor once the case names another one', async () => {
    const register = async (name: string, twelve: string) => {
      const res = await suite.http('POST', '/api/v1/contractors', {
        token: operator,
        body: { name, corporateNumber: corporateNumber(twelve), email: `${twelve}@vendor.example.jp` },
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const first = await register('株式会社一番システム', '000012050101');
    const second = await register('株式会社二番システム', '000012050202');
    const firstHooks = await receiver();
    const secondHooks = await receiver();
    const types = ['intake.application.contractor-named', 'intake.application.updated'];
    const firstToken = await suite.token({ role: 'contractor', contractor: first });
    const firstSub = await subscribe(firstToken, firstHooks.url(), types);
    await subscribe(await suite.token({ role: 'contractor', contractor: second }), secondHooks.url(), types);
    const org = '022021';
    const id = await request(org, '小樽市');
    const token = await applicant(org);
    const name = (contractorId: string) =>
      eventually(async () => {
        const res = await suite.http('PUT', `/api/v1/applications/${id}/contractor`, { token, body: { contractorId } });
        return res.status === 200 && res;
      });
    await name(first);
    await eventually(async () => firstHooks.received.some((h) => parsed(h).case.applicationId === id));
    expect(secondHooks.received).toEqual([]);
    await name(second);
    await eventually(async () => secondHooks.received.some((h) => parsed(h).case.applicationId === id));
    const patched = await suite.http('PATCH', `/api/v1/applications/${id}`, {
      token,
      body: { wantsOnlineTest: false },
    });
    expect(patched.status).toBe(200);
    await eventually(async () => secondHooks.received.some((h) => parsed(h).type === 'intake.application.updated'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(firstHooks.received.map((h) => parsed(h).type)).toEqual(['intake.application.contractor-named']);
    // Its log shows only what it was sent while the case named it.
    expect((await deliveries(firstToken, firstSub.id)).total).toBe(1);
  });

  it('sends the named contractor no event that only its NDA covers (R4), as its reads refuse them', async () => {
    const res = await suite.http('POST', '/api/v1/contractors', {
      token: operator,
      body: {
        name: '株式会社三番システム',
        corporateNumber: corporateNumber('000012050303'),
        email: 'c3@vendor.example.jp',
      },
    });
    expect(res.status).toBe(201);
    const contractorId = res.body.id as string;
    const types = ['intake.application.qualified', 'documents.question.asked'];
    const vendorHooks = await receiver();
    const orgHooks = await receiver();
    await subscribe(await suite.token({ role: 'contractor', contractor: contractorId }), vendorHooks.url(), types);
    const org = '022055';
    const token = await applicant(org);
    await subscribe(token, orgHooks.url(), types);
    const id = await request(org, '五所川原市');
    await eventually(async () => {
      const named = await suite.http('PUT', `/api/v1/applications/${id}/contractor`, { token, body: { contractorId } });
      return named.status === 200;
    });
    const qualified = await suite.http('POST', `/api/v1/applications/${id}/qualification`, {
      token: operator,
      body: { decision: 'qualified' },
    });
    expect(qualified.status).toBe(200);
    await eventually(async () => {
      const asked = await suite.http('POST', `/api/v1/applications/${id}/questions`, {
        token,
        body: { subject: '仕様確認', body: '接続試験の日程について' },
      });
      return asked.status === 201;
    });
    await eventually(async () => orgHooks.received.some((h) => parsed(h).type === 'documents.question.asked'));
    await eventually(async () => vendorHooks.received.some((h) => parsed(h).type === 'intake.application.qualified'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(vendorHooks.received.map((h) => parsed(h).type)).toEqual(['intake.application.qualified']);
  });

  it('disables a subscription that failed for the whole retry window and mails its contact', async () => {
    const r = await receiver();
    r.answerAlways(503);
    const token = await applicant('022039');
    const sub = await subscribe(token, r.url(), ['intake.application.requested'], 'webhook-owner@portal.example.jp');
    await request('022039', '釧路市');
    const disabled = await eventually(async () => {
      const res = await suite.http('GET', `/api/v1/webhooks/${sub.id}`, { token });
      return res.body.status === 'disabled' && res.body;
    }, 20_000);
    expect(disabled.disabledReason).toContain('HTTP 503');
    // Doubling waits within the 2.5 s window (100, 200, 400, 400 … ms): several tries, the last at its end (less the
    // first try's own time, generous for a loaded machine).
    expect(r.received.length).toBeGreaterThanOrEqual(3);
    expect(r.received[r.received.length - 1].at - r.received[0].at).toBeGreaterThanOrEqual(2000);
    const log = await deliveries(token, sub.id);
    expect(log.items[0]).toMatchObject({ status: 'failed', lastError: 'HTTP 503' });

    const [mail] = await eventually(async () => {
      const found = suite.smtp.mails.filter((m) => m.envelopeTo.includes('webhook-owner@portal.example.jp'));
      return found.length > 0 && found;
    });
    expect(mail.parsed.subject).toBe('【JPKI失効情報提供手続】Webhook の配信を停止しました');
    expect(mail.parsed.text).toContain(`配信先URL: ${r.url()}`);
    expect(mail.parsed.text).not.toContain(sub.id);
    // Nothing more goes to a disabled subscription.
    const before = r.received.length;
    await request('022047', '帯広市');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(r.received.length).toBe(before);
  });

  it('without WEBHOOK_ALLOW_PRIVATE refuses private addresses: at subscription, and at connect time for names', async () => {
    const r = await receiver();
    const token = await applicant('020001');
    // Subscribed by name while private addresses were allowed: `localhost` resolves to loopback.
    const sub = await subscribe(token, r.url('localhost'), ['intake.application.requested']);
    await suite.stopService('notifications');
    suite.env.WEBHOOK_ALLOW_PRIVATE = 'false';
    await suite.startService('notifications');

    for (const url of [
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest',
      'https://10.0.0.8/',
    ]) {
      const res = await suite.http('POST', '/api/v1/webhooks', {
        token,
        body: { url, eventTypes: ['intake.application.requested'], contactEmail: 'ops@portal.example.jp' },
      });
      expect(`${url} → ${res.status} ${res.body.code}`).toBe(`${url} → 400 WEBHOOK_URL_NOT_ALLOWED`);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'url' })]);
    }

    await request('020001', '青森市');
    const log = await eventually(async () => {
      const l = await deliveries(token, sub.id);
      return l.items[0]?.tries.length > 0 && l;
    });
    expect(log.items[0].tries[0].error).toMatch(
      /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/,
    );
    expect(r.received).toEqual([]);
  });
});
