import { getDataSourceToken } from '@nestjs/typeorm';
import { corporateNumberCheckDigit, ServiceName } from '@jlis/contracts';
import { RetentionJob } from '@jlis/runtime';
import { applicationRequest, eventually } from '@jlis/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TestSuite } from './suite';

/**
 * Issue 10's request safety through the gateway: an Idempotency-Key bound to its route and objects (and pruned after
 * its TTL), a unique violation answered 409 rather than 500, and the Postgres timeouts every service connection has.
 */
describe('request safety', () => {
  let suite: TestSuite;
  const services: ServiceName[] = ['intake', 'access'];

  beforeAll(async () => {
    suite = await TestSuite.start({
      services,
      // Small enough to see them act in a test, large enough for a loaded machine's ordinary requests.
      env: { DATABASE_STATEMENT_TIMEOUT_MS: '5000', DATABASE_LOCK_TIMEOUT_MS: '4000' },
    });
  }, 120_000);

  afterAll(async () => {
    await suite?.destroy();
  });

  const dataSource = (service: ServiceName) => suite.app(service).get<DataSource>(getDataSourceToken());
  const operator = () => suite.token({ role: 'operator', sub: 'operator-safety' });
  const openCase = async (org: string, verifierName: string) => {
    const res = await suite.http('POST', '/api/v1/applications', {
      token: await suite.token({ role: 'applicant', org }),
      body: applicationRequest(org, verifierName),
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  describe('Idempotency-Key', () => {
    const withdraw = async (caseId: string, key: string) =>
      suite.http('POST', `/api/v1/applications/${caseId}/withdrawal`, {
        token: await operator(),
        headers: { 'idempotency-key': key },
        body: { reason: '申請者の依頼により取り下げ' },
      });

    it('replays the same request, and refuses the same key and body on another case with 422', async () => {
      const [first, second] = [await openCase('131016', '千代田区'), await openCase('131024', '中央区')];
      const done = await withdraw(first, 'withdraw-1');
      expect(done.status).toBe(200);
      const replay = await withdraw(first, 'withdraw-1');
      expect([replay.status, replay.body]).toEqual([200, done.body]);

      const other = await withdraw(second, 'withdraw-1');
      expect(other.status).toBe(422);
      expect(other.headers.get('content-type')).toContain('application/problem+json');
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_OTHER_REQUEST');
      expect(other.body.detail).toMatch(/別の操作または別の対象/);
      expect(other.body.detail).not.toContain(second);
      // Nothing happened to the second case.
      const view = await suite.http('GET', `/api/v1/applications/${second}`, { token: await operator() });
      expect(view.body.status).not.toBe('withdrawn');
    });

    it('refuses the same key on another route of the same service', async () => {
      const caseId = await openCase('131032', '港区');
      expect((await withdraw(caseId, 'shared-key')).status).toBe(200);
      const directory = await suite.http('POST', '/api/v1/local-governments', {
        token: await operator(),
        headers: { 'idempotency-key': 'shared-key' },
        body: {
          code: '221384',
          prefecture: '静岡県',
          name: '浜松市中央区',
          nameKana: 'はままつしちゅうおうく',
          kind: 'ward',
          reason: '試験のための追加',
        },
      });
      expect([directory.status, directory.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_OTHER_REQUEST']);
    });

    it('forgets a key after IDEMPOTENCY_TTL_HOURS: the retention job prunes it, and the key is free again', async () => {
      const [first, second] = [await openCase('131041', '新宿区'), await openCase('131059', '文京区')];
      expect((await withdraw(first, 'withdraw-ttl')).status).toBe(200);
      const intake = dataSource('intake');
      // 25 hours ago, past the default TTL of 24 hours.
      await intake.query(
        `UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = 'withdraw-ttl'`,
      );
      expect(await suite.app('intake').get(RetentionJob).tick()).toBe(true);
      expect(await intake.query(`SELECT 1 FROM idempotency_key WHERE key = 'withdraw-ttl'`)).toHaveLength(0);
      expect((await withdraw(second, 'withdraw-ttl')).status).toBe(200);
    });
  });

  it('answers a unique violation 409 ALREADY_EXISTS, never 500 (two registrations racing for one 法人番号)', async () => {
    const rest = '000000000777';
    const body = {
      name: '株式会社同時登録',
      corporateNumber: `${corporateNumberCheckDigit(rest)}${rest}`,
      email: 'jpki@race.example.jp',
    };
    // Hold inserts into the table so that both requests pass their "already registered?" check before either
    // inserts: the second insert then meets the first one's row in the unique index.
    const admin = new Client({ connectionString: suite.db.url });
    await admin.connect();
    try {
      await admin.query(`BEGIN`);
      await admin.query(`LOCK TABLE access.contractor IN SHARE ROW EXCLUSIVE MODE`);
      const token = await operator();
      const answers = Promise.all([1, 2].map(() => suite.http('POST', '/api/v1/contractors', { token, body })));
      await eventually(async () => {
        // Inside a transaction Postgres keeps one snapshot of the activity statistics: take a fresh one each time.
        await admin.query(`SELECT pg_stat_clear_snapshot()`);
        const [{ n }] = (
          await admin.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO contractor%'`,
          )
        ).rows;
        return n === 2 || undefined;
      });
      await admin.query(`COMMIT`);
      const statuses = (await answers).map((a) => [a.status, a.body.code]).sort();
      expect(statuses).toEqual([
        [201, undefined],
        [409, 'ALREADY_EXISTS'],
      ]);
      const refused = (await answers).find((a) => a.status === 409)!;
      expect(refused.body.detail).toMatch(/すでに登録されています/);
      expect(refused.body.detail).not.toMatch(/constraint|corporate_number|contractor_/);
    } finally {
      await admin.end();
    }
    // The ordinary duplicate, one after the other, keeps its own code.
    const again = await suite.http('POST', '/api/v1/contractors', { token: await operator(), body });
    expect([again.status, again.body.code]).toEqual([409, 'CONTRACTOR_ALREADY_REGISTERED']);
  });

  describe('Postgres timeouts on every service connection', () => {
    it.each(services)('%s works with its statement_timeout and lock_timeout', async (service) => {
      const ds = dataSource(service);
      const [{ statement_timeout, lock_timeout }] = await ds.query(
        `SELECT current_setting('statement_timeout') AS statement_timeout, current_setting('lock_timeout') AS lock_timeout`,
      );
      expect([statement_timeout, lock_timeout]).toEqual(['5s', '4s']);
    });

    it('cuts a statement off after the statement timeout, and a lock wait after the lock timeout', async () => {
      const ds = dataSource('access');
      const admin = new Client({ connectionString: suite.db.url });
      await admin.connect();
      try {
        await admin.query(`BEGIN`);
        await admin.query(`LOCK TABLE access.contractor IN ACCESS EXCLUSIVE MODE`);
        const [slow, locked] = await Promise.allSettled([
          ds.query(`SELECT pg_sleep(8)`),
          ds.query(`SELECT count(*) FROM contractor`),
        ]);
        expect(slow).toMatchObject({ status: 'rejected', reason: { driverError: { code: '57014' } } });
        expect(locked).toMatchObject({ status: 'rejected', reason: { driverError: { code: '55P03' } } });
      } finally {
        await admin.query(`ROLLBACK`).catch(() => undefined);
        await admin.end();
      }
    }, 30_000);
  });
});
