import { SERVICES, ServiceName } from '@jlis/contracts';
import { eventually, freePort } from '@jlis/testing';
import { Client } from 'pg';
import { prepare, walk } from '../../scripts/lib/walk';
import { TestSuite } from '../suite';
import { TestPrometheus } from './prometheus';

/**
 * The operations contract of docs/operations.md, proven with a real Prometheus (Debian's package): each of the six
 * processes answers /metrics, /health/live and /health/ready on its own METRICS_PORT; Prometheus, scraping every
 * second, sees every target up and ready, loads the repository's alert rules and evaluates them without error, and its
 * queries move after a step of the procedure (an A-1: HTTP at the gateway, RPC at intake, the event at notifications,
 * the mail sent). Labels stay low-cardinality: route templates, never ids.
 */
describe('metrics scraped by a real Prometheus', () => {
  const PROCESSES = ['gateway', ...SERVICES] as const;
  let suite: TestSuite;
  let prometheus: TestPrometheus | undefined;
  const ports = {} as Record<ServiceName | 'gateway', number>;

  beforeAll(async () => {
    for (const p of PROCESSES) ports[p] = await freePort();
    suite = await TestSuite.start({ metricsPorts: ports });
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await suite?.destroy();
  });

  const ops = (p: (typeof PROCESSES)[number], path: string) => fetch(`http://127.0.0.1:${ports[p]}${path}`);

  it('answers /health/live, /health/ready and /metrics on each process’s METRICS_PORT', async () => {
    for (const p of PROCESSES) {
      expect({ p, live: (await ops(p, '/health/live')).status }).toEqual({ p, live: 200 });
      const ready = await ops(p, '/health/ready');
      const state = await ready.json();
      expect({ p, status: ready.status, state }).toEqual({
        p,
        status: 200,
        state: {
          ready: true,
          status: 'ready',
          checks: p === 'gateway' ? { http: true, nats: true } : { database: true, nats: true },
        },
      });
      const metrics = await ops(p, '/metrics');
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await metrics.text();
      expect(text).toContain(`jlis_ready{service="${p}"} 1`);
      expect(text).toContain('process_resident_memory_bytes');
    }
    expect((await ops('intake', '/nothing')).status).toBe(404);
  });

  it('is scraped by Prometheus every second; queries move after an A-1', async () => {
    prometheus = await TestPrometheus.start(PROCESSES.map((p) => `127.0.0.1:${ports[p]}`));
    const prom = prometheus;

    // Every target up and reporting ready.
    await eventually(
      async () => {
        const { activeTargets } = await prom.api<{ activeTargets: { health: string; lastError: string }[] }>('targets');
        return activeTargets.length === PROCESSES.length && activeTargets.every((t) => t.health === 'up');
      },
      30_000,
      250,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(await prom.api('targets'))}\n${prom.log()}`);
    });
    await eventually(async () => (await prom.value('sum(jlis_ready)')) === PROCESSES.length, 15_000, 250);
    expect((await prom.query('jlis_ready')).map((s) => s.metric.service).sort()).toEqual([...PROCESSES].sort());

    const sentMails = 'sum(jlis_mails_total{service="notifications", status="sent"})';
    const created = 'sum(jlis_http_requests_total{method="POST", route="/api/v1/applications", status="201"})';
    const before = (await prom.value(sentMails)) ?? 0;
    expect(await prom.value(created)).toBeUndefined();

    // A-1 through the API.
    const applicant = await suite.token({ role: 'applicant', org: '131016', sub: 'chiyoda-yamada' });
    const answer = await suite.http('POST', '/api/v1/applications', {
      token: applicant,
      body: {
        organizationCode: '131016',
        verifierName: '千代田区',
        verifierKinds: ['signature'],
        department: '政策経営部情報政策課',
        contact: { name: '山田 太郎', phone: '03-3264-2111', email: 'jpki@city.chiyoda.example.lg.jp' },
      },
    });
    expect(answer.status).toBe(201);
    const id: string = answer.body.id;
    expect((await suite.http('GET', `/api/v1/applications/${id}`, { token: applicant })).status).toBe(200);

    // Prometheus sees the request at the gateway, intake answering it, notifications applying the event and the mail.
    await eventually(async () => (await prom.value(created)) === 1, 20_000, 250);
    await eventually(async () => ((await prom.value(sentMails)) ?? 0) > before, 30_000, 250);
    // Each process is scraped on its own: one whose last scrape came before its part of the A-1 catches up a moment
    // later (seen under load), so each value is waited for, not read once.
    const reaches = async (query: string, atLeast: number) => {
      await eventually(async () => ((await prom.value(query)) ?? 0) >= atLeast, 15_000, 250).catch(() => undefined);
      return prom.value(query);
    };
    expect(
      await reaches('sum(jlis_http_requests_total{method="GET", route="/api/v1/applications/:id", status="200"})', 1),
    ).toBe(1);
    expect(await reaches('sum(jlis_rpc_handled_total{service="intake", outcome="ok"})', 1)).toBeGreaterThan(0);
    expect(await reaches('sum(jlis_rpc_client_requests_total{service="gateway", outcome="ok"})', 1)).toBeGreaterThan(0);
    expect(await reaches('sum(jlis_events_applied_total{service="notifications"})', 1)).toBeGreaterThan(0);
    expect(await reaches('sum(jlis_events_published_total{service="intake"})', 1)).toBeGreaterThan(0);
    expect(
      await prom.value('histogram_quantile(0.5, sum by (le) (jlis_http_request_duration_seconds_bucket))'),
    ).toBeGreaterThan(0);
    // The outbox drained and nothing is parked: the gauges read from the services' schemas at each scrape.
    await eventually(async () => (await prom.value('max(jlis_outbox_pending_rows)')) === 0, 15_000, 250);
    expect(await prom.value('max(jlis_dead_letters_open)')).toBe(0);
    expect((await prom.query('jlis_consumer_pending_messages')).length).toBeGreaterThan(0);

    // No label carries an id: the case's UUID appears in no series.
    expect(await prom.query(`{__name__=~"jlis_.+", route=~".*${id}.*"}`)).toEqual([]);
    expect(await prom.query(`count({__name__=~"jlis_.+"}) > 2000`)).toEqual([]);

    // The repository's alert rules load and evaluate against these metrics without error, and none fires.
    type RuleGroups = { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
    const rules = async () => (await prom.api<RuleGroups>('rules')).groups.flatMap((g) => g.rules);
    expect((await rules()).length).toBeGreaterThan(5);
    await eventually(async () => (await rules()).every((r) => r.health === 'ok'), 10_000, 250).catch(async () => {
      throw new Error(`rules not healthy: ${JSON.stringify(await rules())}`);
    });
    expect(await prom.api<{ alerts: unknown[] }>('alerts')).toEqual({ alerts: [] });
  }, 120_000);

  it('counts card stock by kind and state and grants by environment and state from the owners’ tables', async () => {
    const prom = prometheus!;
    // Every pair is a series from the start, zeros included: a state that empties shows 0, not a gap.
    await eventually(async () => (await prom.value('count(jlis_access_grants{service="access"})')) === 10, 15_000, 250);
    expect(await prom.value('sum(jlis_access_grants)')).toBe(0);

    // One case to A-10: test cards registered, lent, shipped and returned; a test access grant made.
    const api = suite.api();
    const shared = await prepare(api, { organizations: [{ code: '132012', name: '八王子市' }], perContractor: 1 });
    await walk(api, shared, { code: '132012', name: '八王子市' }, 0, {}, { until: 'A-10' });

    // The gauges match what cards' and access's own tables hold, once a scrape after the walk has read them.
    const db = new Client({ connectionString: suite.db.url });
    await db.connect();
    try {
      const units = (
        await db.query<{ kind: string; state: string; n: number }>(
          `SELECT kind, state, count(*)::int AS n FROM cards.card_unit GROUP BY kind, state`,
        )
      ).rows;
      const grants = (
        await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM access.access_grant WHERE environment = 'test'`)
      ).rows[0].n;
      expect(units.length).toBeGreaterThan(0);
      expect(grants).toBeGreaterThan(0);
      for (const u of units) {
        const query = `sum(jlis_card_units{service="cards", kind="${u.kind}", state="${u.state}"})`;
        await eventually(async () => (await prom.value(query)) === u.n, 15_000, 250).catch(async () => {
          throw new Error(`${query} is ${await prom.value(query)}, cards.card_unit holds ${u.n}`);
        });
      }
      // The unit lent to the case was shipped and has come back: the gauge counts states as they are now, not
      // what happened (every unit is in stock again, none shipped).
      const shipped = (
        await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cards.card_unit_history WHERE state = 'shipped'`)
      ).rows[0].n;
      expect(shipped).toBeGreaterThan(0);
      expect(await prom.value('sum(jlis_card_units{state="shipped"})')).toBe(0);
      await eventually(
        async () => (await prom.value('sum(jlis_access_grants{environment="test"})')) === grants,
        15_000,
        250,
      );
      expect(await prom.value('sum(jlis_access_grants{environment="test", state=~"active|scheduled"})')).toBe(grants);
    } finally {
      await db.end();
    }
  }, 180_000);
});
