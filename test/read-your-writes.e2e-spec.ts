import { EventEnvelope } from '@jlis/contracts';
import { EventConsumer } from '@jlis/runtime';
import { prepare, walk } from '../scripts/lib/walk';
import { TestSuite } from './suite';

/**
 * Read-your-writes for any caller (issue 11, docs/api.md § Consistency tokens): every dependent command sent the
 * moment its predecessor answered, by a walk that waits out no refusal, with the consumers of documents, cards and
 * access each applying every event they handle 150 ms late — so a service that checked its projection without waiting
 * for its consumer would refuse at nearly every step (PRECONDITION_NOT_YET_KNOWN, CONTRACTOR_NOT_NAMED_BY_CASE,
 * ACCESS_ALREADY_GRANTED, a 404 of a case not seen yet, no loan yet).
 */
describe('read-your-writes: dependent commands sent at once are never refused', () => {
  let suite: TestSuite;
  const ORGS = [
    { code: '011002', name: '札幌市' },
    { code: '012025', name: '函館市' },
    { code: '012033', name: '小樽市' },
  ];
  /** The events each lagging consumer took, and when it applied them. */
  const applied: { service: string; type: string; at: number }[] = [];

  beforeAll(async () => {
    suite = await TestSuite.start({ env: { CONSISTENCY_WAIT_MS: '4000' } });
    for (const service of ['documents', 'cards', 'access'] as const) {
      // applyIn: the one step every event takes, alone or in a batch (a savepoint of the batch's transaction).
      const consumer = suite.app(service).get(EventConsumer);
      const applyIn = consumer.applyIn.bind(consumer);
      consumer.applyIn = async (manager, event: EventEnvelope, ...rest) => {
        await new Promise((r) => setTimeout(r, 150));
        applied.push({ service, type: event.type, at: Date.now() });
        return applyIn(manager, event, ...rest);
      };
    }
  }, 120_000);

  afterAll(async () => {
    await suite?.destroy();
  });

  it('walks three local governments (one contractor, one A-08-1 for all) from A-1 to an A-13 change with no retry', async () => {
    const api = suite.api({ noRetry: true });
    const shared = await prepare(api, { organizations: ORGS, perContractor: 3 });
    const timings: Record<string, number[]> = {};
    const results = await Promise.allSettled(
      ORGS.map((org, i) => walk(api, shared, org, i, timings, { change: true })),
    );
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'done'))).toEqual(['done', 'done', 'done']);
    // The lag was real: the late consumers applied events all along the walk.
    expect(new Set(applied.map((a) => a.service))).toEqual(new Set(['documents', 'cards', 'access']));
  }, 240_000);

  it("answers a command with its consistency token, and a read at that token shows the command's effect", async () => {
    const operator = await suite.token({ role: 'operator' });
    const applicant = await suite.token({ role: 'applicant', org: '131016' });
    const created = await suite.http('POST', '/api/v1/applications', {
      token: applicant,
      body: {
        organizationCode: '131016',
        verifierName: '千代田区',
        verifierKinds: ['signature'],
        department: '情報政策課',
        contact: { name: '山田 太郎', phone: '03-1234-5678', email: 'yamada@city.example.lg.jp' },
      },
    });
    expect(created.status).toBe(201);
    const token = created.headers.get('consistency-token');
    expect(token).toMatch(/^\d+$/);
    // cards learns the case from intake's event 150 ms late at best: its view of the case's loans answers at the token.
    const loans = await suite.http('GET', `/api/v1/applications/${created.body.id}/card-loans?minVersion=${token}`, {
      token: applicant,
    });
    expect(loans.status).toBe(200);
    // Qualified (intake), then read through documents at the qualification's token: documents knows the case qualified.
    const qualified = await suite.http('POST', `/api/v1/applications/${created.body.id}/qualification`, {
      token: operator,
      body: { decision: 'qualified' },
    });
    const after = qualified.headers.get('consistency-token');
    expect(Number(after)).toBeGreaterThan(Number(token));
    const view = await suite.http('GET', `/api/v1/applications/${created.body.id}?minVersion=${after}`, {
      token: applicant,
    });
    expect(view.body.steps.find((s: { code: string }) => s.code === 'A-2').status).toBe('done');
    const submissions = await suite.http(
      'GET',
      `/api/v1/applications/${created.body.id}/submissions?minVersion=${after}`,
      {
        token: applicant,
      },
    );
    expect(submissions.status).toBe(200);
  }, 60_000);

  it('refuses a minVersion that is no token, and a position not reached in time with PRECONDITION_NOT_YET_KNOWN and Retry-After', async () => {
    const operator = await suite.token({ role: 'operator' });
    const bad = await suite.http('GET', '/api/v1/applications?minVersion=soon', { token: operator });
    expect([bad.status, bad.body.code, bad.body.errors?.[0]?.field]).toEqual([400, 'VALIDATION_FAILED', 'minVersion']);
    // documents' consumer held on the next case it learns of, longer than the wait (CONSISTENCY_WAIT_MS 4 s here).
    const consumer = suite.app('documents').get(EventConsumer);
    const applyIn = consumer.applyIn;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    consumer.applyIn = async (manager, event: EventEnvelope, ...rest) => {
      if (event.type === 'intake.application.requested') await held;
      return applyIn.call(consumer, manager, event, ...rest);
    };
    try {
      const applicant = await suite.token({ role: 'applicant', org: '132012' });
      const created = await suite.http('POST', '/api/v1/applications', {
        token: applicant,
        body: {
          organizationCode: '132012',
          verifierName: '八王子市',
          verifierKinds: ['signature'],
          department: '情報政策課',
          contact: { name: '山田 太郎', phone: '042-626-3111', email: 'yamada@city.hachioji.example.lg.jp' },
        },
      });
      const token = created.headers.get('consistency-token');
      const started = Date.now();
      const read = await suite.http('GET', `/api/v1/applications/${created.body.id}/submissions?minVersion=${token}`, {
        token: applicant,
      });
      expect([read.status, read.body.code, read.body.minVersion]).toEqual([
        409,
        'PRECONDITION_NOT_YET_KNOWN',
        Number(token),
      ]);
      expect(read.headers.get('retry-after')).toBe('1');
      expect(Date.now() - started).toBeGreaterThanOrEqual(3900);
      release();
      // Once the consumer has it, the same read answers.
      const again = await suite.http('GET', `/api/v1/applications/${created.body.id}/submissions?minVersion=${token}`, {
        token: applicant,
      });
      expect(again.status).toBe(200);
    } finally {
      release();
      consumer.applyIn = applyIn;
    }
  }, 60_000);
});
