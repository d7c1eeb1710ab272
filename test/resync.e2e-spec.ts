import { getDataSourceToken } from '@nestjs/typeorm';
import { corporateNumberCheckDigit, EVENTS_STREAM, ResyncAnswer, ServiceName } from '@jlis/contracts';
import { EventConsumer } from '@jlis/runtime';
import { eventually } from '@jlis/testing';
import { JetStreamManager } from 'nats';
import { DataSource } from 'typeorm';
import { TestSuite } from './suite';

/**
 * Resync (issue 10): once the EVENTS stream's max_age has dropped the original events, a service with a fresh
 * database rebuilds its projections from what the owners re-publish on an operator's request — and nothing but
 * projections reacts to the re-publication.
 */
describe('resync through the gateway', () => {
  let suite: TestSuite;

  beforeAll(async () => {
    suite = await TestSuite.start({ services: ['intake', 'cards', 'access', 'documents'] });
  }, 120_000);

  afterAll(async () => {
    await suite?.destroy();
  });

  const db = (service: ServiceName) => suite.app(service).get<DataSource>(getDataSourceToken());
  const rows = (service: ServiceName, sql: string, params: unknown[] = []) => db(service).query(sql, params);
  const operator = () => suite.token({ role: 'operator', sub: 'operator-resync' });
  const ok = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await suite.http(method, path, { token, body });
    expect([res.status, res.body]).toEqual([expect.any(Number), expect.anything()]);
    expect(res.status).toBeLessThan(300);
    return res.body;
  };

  it('rebuilds a fresh projection from the owners, with their versions, and adds nothing to the timeline', async () => {
    const rest = '000000004242';
    const contractor = await ok('POST', '/api/v1/contractors', await operator(), {
      name: '株式会社再送',
      corporateNumber: `${corporateNumberCheckDigit(rest)}${rest}`,
      email: 'jpki@resync.example.jp',
    });
    const vendor = await suite.token({ role: 'contractor', contractor: contractor.id, sub: 'vendor-resync' });
    const connection = await ok('POST', `/api/v1/contractors/${contractor.id}/connections`, vendor, {
      environment: 'test',
      method: 'lgwan',
      cidrs: ['10.42.1.0/28'],
    });
    const applicant = await suite.token({ role: 'applicant', org: '131016' });
    const caseView = await ok('POST', '/api/v1/applications', applicant, {
      organizationCode: '131016',
      verifierName: '千代田区',
      verifierKinds: ['signature'],
      department: '総務部情報政策課',
      contact: { name: '山田 太郎', phone: '03-1234-5678', email: 'yamada@city.example.lg.jp' },
    });
    const projected = async () => ({
      kinds: (await rows('documents', `SELECT code FROM card_kind_ref ORDER BY code`)).map(
        (r: { code: string }) => r.code,
      ),
      contractors: (await rows('documents', `SELECT id, version FROM contractor_ref`)) as unknown[],
      connections: (await rows('documents', `SELECT id, withdrawn, version FROM connection_ref`)) as unknown[],
      cases: (await rows('documents', `SELECT application_id, aggregate_version FROM case_snapshot`)) as unknown[],
    });
    const kinds = (await rows('cards', `SELECT code FROM card_kind ORDER BY code`)).map(
      (r: { code: string }) => r.code,
    );
    const [{ version: caseVersion }] = await rows('intake', `SELECT version FROM application WHERE id = $1`, [
      caseView.id,
    ]);
    const expected = {
      kinds,
      contractors: [{ id: contractor.id, version: 1 }],
      connections: [{ id: connection.id, withdrawn: false, version: 1 }],
      cases: [{ application_id: caseView.id, aggregate_version: caseVersion }],
    };
    await eventually(async () => {
      const now = await projected();
      return JSON.stringify(now) === JSON.stringify(expected) || undefined;
    }, 60_000);
    expect(kinds.length).toBeGreaterThan(0);
    const timeline = async () =>
      (await rows('intake', `SELECT count(*)::int AS n FROM case_timeline WHERE application_id = $1`, [caseView.id]))[0]
        .n as number;
    const timelineBefore = await timeline();

    // documents on a fresh database: its projections are empty, and the stream no longer holds the events.
    await rows('documents', `TRUNCATE card_kind_ref, contractor_ref, connection_ref, case_snapshot`);

    const refused = await suite.http('POST', '/api/v1/admin/resync', { token: applicant });
    expect(refused.status).toBe(403);
    const res = await suite.http<ResyncAnswer>('POST', '/api/v1/admin/resync', { token: await operator() });
    expect(res.status).toBe(200);
    expect(res.body.unavailable).toEqual(['notifications']);
    const bySource = Object.fromEntries(
      res.body.services.flatMap((s) => s.sources.map((source) => [`${s.service}/${source.name}`, source.events])),
    );
    expect(bySource).toEqual({
      'intake/cases': 1,
      'cards/card-kinds': kinds.length,
      'access/contractors': 1,
      'access/connections': 1,
    });

    await eventually(async () => {
      const now = await projected();
      return JSON.stringify(now) === JSON.stringify(expected) || undefined;
    }, 60_000);
    // intake has been through the re-published case too (its consumer holds nothing more) and added no entry for it.
    const jsm: JetStreamManager = suite.app('intake').get(EventConsumer)['jsm'];
    await eventually(async () => {
      const info = await jsm.consumers.info(EVENTS_STREAM, 'intake');
      return (info.num_pending === 0 && info.num_ack_pending === 0) || undefined;
    });
    expect(await timeline()).toBe(timelineBefore);
  });
});
