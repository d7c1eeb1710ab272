import { getDataSourceToken } from '@nestjs/typeorm';
import { DeadLetterPage, DeadLetterView } from '@jlis/contracts';
import { applicationRequest, eventually } from '@jlis/testing';
import { DataSource } from 'typeorm';
import { TestSuite } from './suite';

/**
 * Dead letters through the gateway: an event notifications cannot store is retried, parked, listed across the
 * services, replayed once the cause is gone (its mail then goes out), or discarded with a reason that is kept.
 */
describe('dead letters through the gateway', () => {
  let suite: TestSuite;
  let mailDb: DataSource;

  beforeAll(async () => {
    suite = await TestSuite.start({
      services: ['intake', 'notifications', 'cards'],
      env: { EVENT_RETRY_LIMIT: '2', RETRY_BACKOFF_MS: '50', RETRY_BACKOFF_MAX_MS: '200', MAIL_POLL_MS: '50' },
    });
    mailDb = suite.app('notifications').get<DataSource>(getDataSourceToken());
    // A storage rule the A-1 mail breaks: the handler fails (the database answers), so the event is retried and parked.
    await mailDb.query(
      `ALTER TABLE notifications.mail_message ADD CONSTRAINT e2e_refuse_a1 CHECK (template_code <> 'application-requested')`,
    );
  }, 120_000);

  afterAll(async () => {
    await suite?.destroy();
  });

  const operator = () => suite.token({ role: 'operator', sub: 'operator-1' });
  const request = async (org: string, verifierName: string) => {
    const res = await suite.http('POST', '/api/v1/applications', {
      token: await suite.token({ role: 'applicant', org }),
      body: applicationRequest(org, verifierName),
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const list = async (query = '') => {
    const res = await suite.http<DeadLetterPage>('GET', `/api/v1/admin/dead-letters${query}`, {
      token: await operator(),
    });
    expect(res.status).toBe(200);
    return res.body;
  };
  const parkedFor = (applicationId: string) =>
    eventually(async () => (await list()).items.find((l) => l.event.applicationId === applicationId));
  const mailTo = (verifierName: string) =>
    suite.smtp.mails.filter((m) => m.parsed.subject === `申請手続開始依頼(「${verifierName}」)`);

  it('lists a parked event across the services, naming those that could not answer', async () => {
    const id = await request('131016', '千代田区電子申請署名検証');
    const letter = await parkedFor(id);
    expect(letter).toMatchObject({
      service: 'notifications',
      source: 'consumer',
      status: 'parked',
      attempts: 2,
      event: { type: 'intake.application.requested', applicationId: id },
    });
    const page = await list();
    expect(page.unavailable.sort()).toEqual(['access', 'documents']);

    await suite.stopService('cards');
    expect((await list()).unavailable.sort()).toEqual(['access', 'cards', 'documents']);
    expect((await list()).items.map((l) => l.id)).toContain(letter.id);

    for (const role of ['applicant', 'contractor'] as const) {
      const token = await suite.token(role === 'applicant' ? { role, org: '131016' } : { role, contractor: 'c-1' });
      expect((await suite.http('GET', '/api/v1/admin/dead-letters', { token })).status).toBe(403);
      expect((await suite.http('POST', `/api/v1/admin/dead-letters/${letter.id}/replay`, { token })).status).toBe(403);
    }
  });

  it('replays a dead letter once its cause is gone, and its effect follows: the A-1 mail is sent', async () => {
    const id = await request('131024', '中央区電子申請署名検証');
    const letter = await parkedFor(id);
    expect(mailTo('中央区電子申請署名検証')).toHaveLength(0);

    const failed = await suite.http('POST', `/api/v1/admin/dead-letters/${letter.id}/replay`, {
      token: await operator(),
    });
    expect(failed.status).toBe(409);
    expect(failed.body.code).toBe('DEAD_LETTER_REPLAY_FAILED');
    expect(JSON.stringify(failed.body)).not.toMatch(/mail_message|e2e_refuse_a1/);

    await mailDb.query(`ALTER TABLE notifications.mail_message DROP CONSTRAINT e2e_refuse_a1`);
    const replayed = await suite.http<DeadLetterView>('POST', `/api/v1/admin/dead-letters/${letter.id}/replay`, {
      token: await operator(),
    });
    expect(replayed.status).toBe(200);
    expect(replayed.body.status).toBe('replayed');
    expect(replayed.body.history.map((h) => [h.action, h.actor])).toEqual([
      ['parked', 'system'],
      ['replay-failed', 'operator-1'],
      ['replayed', 'operator-1'],
    ]);
    const [mail] = await eventually(
      async () => mailTo('中央区電子申請署名検証').length > 0 && mailTo('中央区電子申請署名検証'),
    );
    const { receptionNumber } = (await suite.http('GET', `/api/v1/applications/${id}`, { token: await operator() }))
      .body;
    expect(mail.parsed.text).toContain(`受付番号: ${receptionNumber}`);
    expect((await list()).items.some((l) => l.id === letter.id)).toBe(false);
    expect((await list('?status=replayed')).items.map((l) => l.id)).toContain(letter.id);

    const again = await suite.http('POST', `/api/v1/admin/dead-letters/${letter.id}/replay`, {
      token: await operator(),
    });
    expect([again.status, again.body.code]).toEqual([409, 'DEAD_LETTER_CLOSED']);
  });

  it('discards a dead letter only with a reason, and keeps the reason', async () => {
    await mailDb.query(
      `ALTER TABLE notifications.mail_message ADD CONSTRAINT e2e_refuse_a1 CHECK (template_code <> 'application-requested') NOT VALID`,
    );
    const id = await request('131032', '港区電子申請署名検証');
    const letter = await parkedFor(id);

    const noReason = await suite.http('DELETE', `/api/v1/admin/dead-letters/${letter.id}`, {
      token: await operator(),
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    const unknown = await suite.http('DELETE', '/api/v1/admin/dead-letters/6c3f2d0e-1b7a-4c55-9a43-2f0e8b1d9c77', {
      token: await operator(),
      body: { reason: 'no such letter' },
    });
    // Not held by a service that answered, and three could not be asked: unknown yet, not "not found".
    expect(unknown.status).toBe(503);
    expect(unknown.body.unavailable.sort()).toEqual(['access', 'cards', 'documents']);

    const discarded = await suite.http<DeadLetterView>('DELETE', `/api/v1/admin/dead-letters/${letter.id}`, {
      token: await operator(),
      body: { reason: '申請取り下げ済みのため送付不要 / the case was withdrawn' },
    });
    expect(discarded.status).toBe(200);
    expect(discarded.body.status).toBe('discarded');
    const kept = (await list('?status=discarded')).items.find((l) => l.id === letter.id);
    expect(kept?.history.at(-1)).toMatchObject({
      action: 'discarded',
      actor: 'operator-1',
      reason: '申請取り下げ済みのため送付不要 / the case was withdrawn',
    });
    expect((await list()).items.some((l) => l.id === letter.id)).toBe(false);
  });
});
