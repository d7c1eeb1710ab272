import {
  AccessEvents,
  CHANGE_TABLE,
  DocumentsEvents,
  EventEnvelope,
  eventSubject,
  IntakeEvents,
  STEP_TABLE,
  StepTransition,
} from '@jlis/contracts';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EventConsumer } from '@jlis/runtime';
import { eventually } from '@jlis/testing';
import { TestSuite } from './suite';

/**
 * Intake's projections of other services' events, fed through the real EVENTS stream as the other
 * services publish them (only intake runs): contractors, production grants → status, accepted A-11-3 →
 * contacts, and the generic step table → the case view and its timeline.
 */
describe('intake projections of other services’ events', () => {
  let suite: TestSuite;
  let nc: NatsConnection;
  let pool: Pool;
  let operator: string;
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await pool.query(text, params)).rows as T[];
  const versions = new Map<string, number>();

  beforeAll(async () => {
    suite = await TestSuite.start({ services: ['intake'] });
    // Other services' events published as their relays would, through the tests' replay identity.
    nc = await suite.nats.connect('replay');
    pool = new Pool({ connectionString: suite.db.url, max: 2 });
    operator = await suite.token({ role: 'operator', sub: 'op-1' });
  });

  afterAll(async () => {
    await nc?.drain();
    await pool?.end();
    await suite?.destroy();
  });

  /** Publishes an event as its owning service's relay would, and waits until intake has applied it. */
  const publish = async (
    type: string,
    aggregateId: string,
    payload: Record<string, unknown>,
    applicationId?: string,
  ) => {
    const version = (versions.get(aggregateId) ?? 0) + 1;
    versions.set(aggregateId, version);
    const event: EventEnvelope = {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      actor: { sub: 'op-2', role: 'operator' },
      correlationId: randomUUID(),
      applicationId,
      aggregateId,
      aggregateVersion: version,
      payload,
    };
    await nc.jetstream().publish(eventSubject(type), JSON.stringify(event), { msgID: event.id });
    await eventually(async () => (await sql(`SELECT 1 FROM intake.inbox WHERE event_id = $1`, [event.id])).length > 0);
    return event;
  };

  const openCase = async (code: string, name: string, wantsOnlineTest = true) => {
    const res = await suite.http('POST', '/api/v1/applications', {
      token: operator,
      body: {
        organizationCode: code,
        verifierName: name,
        verifierKinds: ['signature', 'user-certificate'],
        department: '情報政策課',
        contact: { name: '佐藤 花子', phone: '045-671-2111', email: 'sato@city.example.lg.jp' },
        wantsOnlineTest,
      },
    });
    expect(res.status).toBe(201);
    await suite.http('POST', `/api/v1/applications/${res.body.id}/qualification`, {
      token: operator,
      body: { decision: 'qualified' },
    });
    return res.body.id as string;
  };
  const stepsOf = async (id: string) => {
    const view = await suite.http('GET', `/api/v1/applications/${id}`, { token: operator });
    return Object.fromEntries(view.body.steps.map((s: { code: string }) => [s.code, s]));
  };
  const contractor = (id: string) => ({
    contractorId: id,
    name: `受託者 ${id}`,
    corporateNumber: '1234567890123',
    email: `${id}@vendor.example`,
  });

  describe('the system contractor', () => {
    it('refuses a contractor intake has not heard of with 422 naming contractorId', async () => {
      const id = await openCase('141003', '横浜市');
      const res = await suite.http('PUT', `/api/v1/applications/${id}/contractor`, {
        token: operator,
        body: { contractorId: 'c-unknown' },
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'CONTRACTOR_UNKNOWN', errors: [{ field: 'contractorId' }] });
    });

    it('names a registered contractor, which then sees only the cases naming it', async () => {
      await publish(AccessEvents.ContractorRegistered, 'c-alpha', contractor('c-alpha'));
      await publish(AccessEvents.ContractorRegistered, 'c-beta', contractor('c-beta'));
      const named = await openCase('271004', '大阪市');
      const other = await openCase('231002', '名古屋市');
      const applicant = await suite.token({ role: 'applicant', org: '271004' });
      const res = await suite.http('PUT', `/api/v1/applications/${named}/contractor`, {
        token: applicant,
        body: { contractorId: 'c-alpha' },
      });
      expect(res.status).toBe(200);
      expect(res.body.contractorId).toBe('c-alpha');
      await suite.http('PUT', `/api/v1/applications/${other}/contractor`, {
        token: operator,
        body: { contractorId: 'c-beta' },
      });
      const [event] = await sql<{
        envelope: { payload: { application: { contractorId: string }; previousContractorId: string | null } };
      }>(`SELECT envelope FROM intake.outbox WHERE type = $1 AND envelope->>'applicationId' = $2`, [
        IntakeEvents.ApplicationContractorNamed,
        named,
      ]);
      expect(event.envelope.payload).toMatchObject({
        application: { contractorId: 'c-alpha' },
        previousContractorId: null,
      });

      const alpha = await suite.token({ role: 'contractor', contractor: 'c-alpha' });
      const list = await suite.http('GET', '/api/v1/applications', { token: alpha });
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([named]);
      expect(list.body.total).toBe(1);
      expect((await suite.http('GET', `/api/v1/applications/${named}`, { token: alpha })).status).toBe(200);
      expect((await suite.http('GET', `/api/v1/applications/${other}`, { token: alpha })).status).toBe(404);
      expect(
        (await suite.http('PATCH', `/api/v1/applications/${named}`, { token: alpha, body: { wantsOnlineTest: false } }))
          .status,
      ).toBe(403);
      const stranger = await suite.token({ role: 'contractor', contractor: 'c-gamma' });
      expect((await suite.http('GET', '/api/v1/applications', { token: stranger })).body).toMatchObject({
        items: [],
        total: 0,
      });
    });
  });

  describe('status from production grants', () => {
    it('goes live, suspended, live again and revoked, each with ApplicationStatusChanged; test grants do not count', async () => {
      const id = await openCase('011002', '札幌市');
      const grant = (environment: string, status: string, extra: Record<string, unknown> = {}) => ({
        grantId: `${environment}-${id}`,
        applicationId: id,
        environment,
        status,
        effectiveOn: '2026-12-01',
        contractorId: null,
        cidrs: ['10.0.0.0/24'],
        ...extra,
      });
      await publish(AccessEvents.GrantCreated, `test-${id}`, grant('test', 'active'), id);
      let view = await suite.http('GET', `/api/v1/applications/${id}`, { token: operator });
      expect(view.body.status).toBe('qualified');
      expect((await stepsOf(id))['A-9'].status).toBe('done');

      await publish(AccessEvents.GrantCreated, `production-${id}`, grant('production', 'scheduled'), id);
      expect((await stepsOf(id))['A-12']).toMatchObject({ status: 'scheduled', effectiveOn: '2026-12-01' });
      expect((await suite.http('GET', `/api/v1/applications/${id}`, { token: operator })).body.status).toBe(
        'qualified',
      );

      const statuses: string[] = [];
      // As access publishes them: the payload's status is the grant's state after the event.
      for (const [type, status] of [
        [AccessEvents.GrantEffective, 'active'],
        [AccessEvents.GrantSuspended, 'suspended'],
        [AccessEvents.GrantReinstated, 'active'],
        [AccessEvents.GrantRevoked, 'revoked'],
      ]) {
        await publish(type, `production-${id}`, grant('production', status, { reason: 'テスト' }), id);
        view = await suite.http('GET', `/api/v1/applications/${id}`, { token: operator });
        statuses.push(view.body.status);
      }
      expect(statuses).toEqual(['live', 'suspended', 'live', 'revoked']);
      expect((await stepsOf(id))['A-12'].status).toBe('done');
      const changed = await sql<{ status: string; actor: string }>(
        `SELECT envelope->'payload'->'application'->>'status' AS status, envelope->'actor'->>'sub' AS actor
         FROM intake.outbox WHERE type = $1 AND envelope->>'applicationId' = $2 ORDER BY seq`,
        [IntakeEvents.ApplicationStatusChanged, id],
      );
      expect(changed).toEqual(['live', 'suspended', 'live', 'revoked'].map((status) => ({ status, actor: 'op-2' })));
      const live = await suite.http('GET', '/api/v1/applications?status=revoked', { token: operator });
      expect(live.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    });
  });

  describe('status across an A-13 re-grant and before go-live', () => {
    it('stays live while one production grant is active, and qualified while grants are only scheduled', async () => {
      const id = await openCase('131016', '千代田区');
      const grant = (grantId: string, status: string, extra: Record<string, unknown> = {}) => ({
        grantId,
        applicationId: id,
        environment: 'production',
        status,
        effectiveOn: '2026-12-01',
        contractorId: null,
        cidrs: [],
        ...extra,
      });
      const status = async () =>
        (await suite.http('GET', `/api/v1/applications/${id}`, { token: operator })).body.status as string;
      await publish(AccessEvents.GrantCreated, `g1-${id}`, grant(`g1-${id}`, 'scheduled'), id);
      await publish(AccessEvents.GrantSuspended, `g1-${id}`, grant(`g1-${id}`, 'suspended'), id);
      expect(await status()).toBe('qualified');
      await publish(AccessEvents.GrantReinstated, `g1-${id}`, grant(`g1-${id}`, 'scheduled'), id);
      expect(await status()).toBe('qualified');
      await publish(AccessEvents.GrantEffective, `g1-${id}`, grant(`g1-${id}`, 'active'), id);
      expect(await status()).toBe('live');
      await publish(
        AccessEvents.GrantCreated,
        `g2-${id}`,
        grant(`g2-${id}`, 'scheduled', { supersedes: `g1-${id}` }),
        id,
      );
      await publish(AccessEvents.GrantSuperseded, `g1-${id}`, grant(`g1-${id}`, 'superseded'), id);
      await publish(
        AccessEvents.GrantEffective,
        `g2-${id}`,
        grant(`g2-${id}`, 'active', { supersedes: `g1-${id}` }),
        id,
      );
      await publish(AccessEvents.GrantRevoked, `g1-${id}`, grant(`g1-${id}`, 'revoked'), id);
      expect(await status()).toBe('live');
      const changes = await sql(`SELECT 1 FROM intake.outbox WHERE type = $1 AND envelope->>'applicationId' = $2`, [
        IntakeEvents.ApplicationStatusChanged,
        id,
      ]);
      expect(changes).toHaveLength(1);
    });
  });

  describe('contacts from an accepted A-11-3', () => {
    it('become the case’s contacts as a new history set, with ApplicationContactsChanged', async () => {
      const id = await openCase('401005', '北九州市');
      const submissionId = randomUUID();
      const contacts = [
        {
          role: 'primary',
          name: '田中 一郎',
          department: '情報政策課',
          phone: '093-582-2111',
          email: 'tanaka@city.example.lg.jp',
        },
        {
          role: 'technical',
          name: '鈴木 次郎',
          department: 'システム課',
          phone: '093-582-2112',
          email: 'suzuki@city.example.lg.jp',
        },
      ];
      const event = await publish(
        DocumentsEvents.SubmissionAccepted,
        submissionId,
        { submissionId, applicationId: id, form: 'A-11-3', series: 1, round: 1, fields: { contacts } },
        id,
      );
      const view = await suite.http('GET', `/api/v1/applications/${id}`, { token: operator });
      expect(view.body.contacts).toEqual(contacts.map((c) => ({ ...c, source: 'A-11-3', since: event.occurredAt })));
      const history = await sql<{ set_no: number; name: string }>(
        `SELECT set_no, name FROM intake.contact WHERE application_id = $1 ORDER BY id`,
        [id],
      );
      expect(history).toEqual([
        { set_no: 1, name: '佐藤 花子' },
        { set_no: 2, name: '田中 一郎' },
        { set_no: 2, name: '鈴木 次郎' },
      ]);
      const [changed] = await sql<{ contacts: { name: string }[] }>(
        `SELECT envelope->'payload'->'application'->'contacts' AS contacts FROM intake.outbox WHERE type = $1 AND envelope->>'applicationId' = $2`,
        [IntakeEvents.ApplicationContactsChanged, id],
      );
      expect(changed.contacts.map((c) => c.name)).toEqual(['田中 一郎', '鈴木 次郎']);
      const sets = await suite.http('GET', `/api/v1/applications/${id}/contacts`, {
        token: await suite.token({ role: 'applicant', org: '401005' }),
      });
      expect(sets.body.total).toBe(2);
      expect(
        sets.body.items.map((s: { set: number; source: string; submissionId: string | null }) => [
          s.set,
          s.source,
          s.submissionId,
        ]),
      ).toEqual([
        [2, 'A-11-3', submissionId],
        [1, 'A-1', null],
      ]);
      expect(sets.body.items[1].contacts).toEqual([
        {
          role: 'primary',
          name: '佐藤 花子',
          department: '情報政策課',
          phone: '045-671-2111',
          email: 'sato@city.example.lg.jp',
        },
      ]);
      // The same event again (a redelivery) and the same submission under another event id change nothing more.
      expect(await suite.app('intake').get(EventConsumer).apply(event)).toBe(false);
      await publish(DocumentsEvents.SubmissionAccepted, submissionId, { ...event.payload }, id);
      expect(await sql(`SELECT 1 FROM intake.contact WHERE application_id = $1`, [id])).toHaveLength(3);
      expect(
        await sql(`SELECT 1 FROM intake.outbox WHERE type = $1 AND envelope->>'applicationId' = $2`, [
          IntakeEvents.ApplicationContactsChanged,
          id,
        ]),
      ).toHaveLength(1);
      await expect(pool.query(`UPDATE intake.contact SET name = 'x' WHERE application_id = $1`, [id])).rejects.toThrow(
        /append-only/,
      );
    });
  });

  describe('the case view and timeline from the step table', () => {
    it('applies any service’s rows generically and lists every event oldest first', async () => {
      const id = await openCase('261009', '京都市', false);
      // A row no service has yet: the projection needs no code change to honour it.
      const row: StepTransition = {
        event: 'labs.widget.approved',
        step: 'A-5',
        status: 'done',
        effectiveOnField: 'approvedOn',
      };
      (STEP_TABLE as StepTransition[]).push(row);
      const change = { event: 'labs.widget.approved', kind: 'widget-change' };
      (CHANGE_TABLE as (typeof change)[]).push(change);
      try {
        const event = await publish(
          'labs.widget.approved',
          'w-1',
          { applicationId: id, approvedOn: '2026-12-24', status: 'approved' },
          id,
        );
        const view = await suite.http('GET', `/api/v1/applications/${id}`, { token: operator });
        const steps = Object.fromEntries(view.body.steps.map((s: { code: string }) => [s.code, s]));
        expect(steps['A-5']).toEqual({ code: 'A-5', status: 'done', at: event.occurredAt, effectiveOn: '2026-12-24' });
        expect(steps['A-8'].status).toBe('not-needed');
        expect(view.body.changes).toEqual([
          { kind: 'widget-change', at: event.occurredAt, eventType: 'labs.widget.approved', eventId: event.id },
        ]);
      } finally {
        (STEP_TABLE as StepTransition[]).splice(STEP_TABLE.indexOf(row), 1);
        (CHANGE_TABLE as (typeof change)[]).splice(CHANGE_TABLE.indexOf(change), 1);
      }
      // An event without an applicationId, and one for an unknown case, leave no trace.
      await publish('labs.widget.approved', 'w-2', { status: 'approved' });
      await publish('labs.widget.approved', 'w-3', { status: 'approved' }, randomUUID());

      const timeline = await suite.http('GET', `/api/v1/applications/${id}/timeline`, { token: operator });
      expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual([
        IntakeEvents.ApplicationRequested,
        IntakeEvents.ApplicationQualified,
        'labs.widget.approved',
      ]);
      expect(timeline.body.items[2]).toMatchObject({
        actor: { sub: 'op-2', role: 'operator' },
        // A value the timeline has no word for is left out, never shown as a code (issue 13).
        summary: 'widget approved',
        steps: ['A-5:done'],
      });
      const applicant = await suite.token({ role: 'applicant', org: '261009' });
      expect(
        (await suite.http('GET', `/api/v1/applications/${id}/timeline?limit=1&page=3`, { token: applicant })).body,
      ).toMatchObject({
        total: 3,
        items: [expect.objectContaining({ type: 'labs.widget.approved' })],
      });
    });
  });
});
