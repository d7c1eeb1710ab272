import { getDataSourceToken } from '@nestjs/typeorm';
import { EventEnvelope, EVENTS_STREAM, IntakeEvents, SERVICES, ServiceName } from '@jlis/contracts';
import { EventConsumer } from '@jlis/runtime';
import { eventually } from '@jlis/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Projections } from '../apps/access/src/projections/projections.repository';
import { PDF, prepare, todayInJapan, token, walk } from '../scripts/lib/walk';
import { TestSuite } from './suite';

const ORG = { code: '131016', name: '千代田区' };

/** Every event of a suite's stream, oldest first. */
async function recordedEvents(suite: TestSuite): Promise<EventEnvelope[]> {
  const nc = await suite.nats.connect('provision');
  try {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(EVENTS_STREAM);
    const events: EventEnvelope[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq; seq++)
      events.push((await jsm.streams.getMessage(EVENTS_STREAM, { seq })).json<EventEnvelope>());
    return events;
  } finally {
    await nc.close();
  }
}

/** Until no outbox holds an unpublished row and no consumer has anything pending, twice in a row. */
async function settled(suite: TestSuite): Promise<void> {
  const nc = await suite.nats.connect('provision');
  // Every service's outbox: only the admin's connection may read them all (each service's role sees its own schema).
  const pg = new Client({ connectionString: suite.db.url });
  await pg.connect();
  try {
    const jsm = await nc.jetstreamManager();
    const quiet = async () => {
      for (const service of suite.apps.keys()) {
        const [{ n }] = (
          await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${service}.outbox WHERE published_at IS NULL`)
        ).rows;
        const info = await jsm.consumers.info(EVENTS_STREAM, service);
        if (n > 0 || info.num_pending > 0 || info.num_ack_pending > 0) return false;
      }
      return true;
    };
    await eventually(
      async () => (await quiet()) && (await new Promise((r) => setTimeout(r, 300))) === undefined && quiet(),
      60_000,
    );
  } finally {
    await nc.close();
    await pg.end();
  }
}

/** Projections compared below, per service (with `inbox` and `case_snapshot`, which every service has). */
const PROJECTIONS: Record<ServiceName, string[]> = {
  intake: ['contractor', 'production_grant'],
  documents: ['card_kind_ref', 'contractor_ref', 'connection_ref'],
  cards: [],
  access: ['accepted_submission', 'agreement_version', 'card_holding'],
  notifications: ['contractor_contact'],
};

/**
 * Each service applies every event through its consumer, as redelivery would: what fails (a precondition not yet
 * known) is tried again after the rest, until nothing more succeeds. Live consumption is stopped and the projections
 * emptied first (a fresh suite has already applied its own seeded catalogue events), so only this order counts.
 */
async function deliver(suite: TestSuite, events: EventEnvelope[]): Promise<void> {
  for (const service of SERVICES) {
    const consumer = suite.app(service).get(EventConsumer);
    await consumer.stop();
    const tables = ['inbox', 'case_snapshot', ...PROJECTIONS[service]].map((t) => `${service}.${t}`);
    await suite
      .app(service)
      .get<DataSource>(getDataSourceToken())
      .query(`TRUNCATE ${tables.join(', ')}`);
  }
  for (const service of SERVICES) {
    const consumer = suite.app(service).get(EventConsumer);
    let pending = events;
    let errors: string[] = [];
    while (pending.length) {
      const failed: EventEnvelope[] = [];
      errors = [];
      for (const event of pending) {
        await consumer.apply(event).catch((error: unknown) => {
          failed.push(event);
          errors.push(`${service} ${event.type}: ${String(error)}`);
        });
      }
      if (failed.length === pending.length) break;
      pending = failed;
    }
    expect(errors).toEqual([]);
  }
}

/** What each service holds as "the latest" of things other services own. */
async function latest(suite: TestSuite, cases: string[]): Promise<Record<string, unknown>> {
  const db = (service: ServiceName) => suite.app(service).get<DataSource>(getDataSourceToken());
  const snapshots = (service: ServiceName) =>
    db(service).query(`SELECT application_id, snapshot, aggregate_version FROM case_snapshot ORDER BY application_id`);
  const access = db('access').manager;
  return {
    documents: {
      cardKinds: await db('documents').query(`SELECT code, name, active, version FROM card_kind_ref ORDER BY code`),
      contractors: await db('documents').query(`SELECT id, name, version FROM contractor_ref ORDER BY id`),
      connections: await db('documents').query(
        `SELECT id, contractor_id, environment, method, withdrawn, version FROM connection_ref ORDER BY id`,
      ),
      cases: await snapshots('documents'),
    },
    access: {
      accepted: await Promise.all(
        cases.map((id) =>
          Projections.latestAcceptedByForm(access, id, ['A-03-4', 'A-08-1', 'A-11-1', 'A-11-2', 'URL', 'A-11-3']),
        ),
      ),
      a112: await Promise.all(cases.map((id) => Projections.latestAccepted(access, id, 'A-11-2'))),
      agreements: await Promise.all(cases.map((id) => Projections.currentAgreement(access, id))),
      holdings: await db('access').query(`SELECT application_id, units_out, aggregate_version FROM card_holding`),
      cases: await snapshots('access'),
    },
    intake: {
      contractors: await db('intake').query(
        `SELECT contractor_id, name, corporate_number, email, aggregate_version FROM contractor ORDER BY contractor_id`,
      ),
      grants: await db('intake').query(
        `SELECT grant_id, application_id, status, aggregate_version FROM production_grant ORDER BY grant_id`,
      ),
    },
    notifications: {
      contractors: await db('notifications').query(
        `SELECT contractor_id, name, email, corporate_number, aggregate_version FROM contractor_contact ORDER BY contractor_id`,
      ),
      cases: await snapshots('notifications'),
    },
    cards: { cases: await snapshots('cards') },
  };
}

/**
 * Order from the owner: a whole walk with every kind of "latest" changing twice (an A-13 change, an amended agreement,
 * a renamed contractor and card kind, a withdrawn connection, new contacts) is recorded from the stream, then
 * delivered to fresh suites in order and in reverse. Both end in the same state.
 */
describe('events delivered in any order leave the same state', () => {
  let source: TestSuite;
  let events: EventEnvelope[];
  let caseId: string;

  beforeAll(async () => {
    source = await TestSuite.start();
    const api = source.api();
    const shared = await prepare(api, { organizations: [ORG], perContractor: 1 });
    caseId = await walk(api, shared, ORG, 0, {}, { change: true });
    const op = shared.operator;
    const contractor = shared.contractors[0];
    const applicant = await token({ role: 'applicant', org: ORG.code }, `sim-applicant-${ORG.code}`);
    // Second versions of what other services keep "the latest" of.
    await api.call('POST', `/api/v1/applications/${caseId}/agreement`, {
      token: op,
      body: { signedOn: todayInJapan(), effectiveFrom: todayInJapan() },
    });
    await api.call('PATCH', `/api/v1/contractors/${contractor.id}`, {
      token: op,
      body: { name: '改称後受託者株式会社', email: 'renamed@sim.example.jp' },
    });
    await api.call('PUT', `/api/v1/card-kinds/${shared.kind}`, {
      token: op,
      body: { name: '改称後のカード種別', applications: ['JPKI-AP 署名用電子証明書'] },
    });
    const spare = await api.call('POST', `/api/v1/contractors/${contractor.id}/connections`, {
      token: contractor.token,
      body: { environment: 'test', method: 'lgwan', cidrs: ['fd02:1::/48'] },
    });
    await api.call('DELETE', `/api/v1/connections/${spare.id}`, { token: contractor.token, expect: [200, 204] });
    const contacts = [
      {
        role: 'primary',
        name: '新任 花子',
        department: '情報政策課',
        phone: '03-9999-0000',
        email: 'new@131016.example.lg.jp',
      },
    ];
    const a113 = await api.call('POST', `/api/v1/applications/${caseId}/submissions`, {
      token: applicant,
      form: {
        form: 'A-11-3',
        fields: JSON.stringify({ contacts }),
        file: { bytes: PDF, filename: 'a.pdf', type: 'application/pdf' },
      },
    });
    await api.call('POST', `/api/v1/submissions/${a113.id}/review`, { token: op, body: { decision: 'accepted' } });
    await settled(source);
    events = await recordedEvents(source);
  }, 300_000);

  afterAll(async () => {
    await source?.destroy();
  });

  it('applies the recorded events in reverse to the same state as in order', async () => {
    const states: Record<string, unknown>[] = [];
    for (const order of [events, [...events].reverse()]) {
      const target = await TestSuite.start();
      try {
        await settled(target);
        await deliver(target, order);
        states.push(await latest(target, [caseId]));
      } finally {
        await target.destroy();
      }
    }
    const [inOrder, reversed] = states as Record<string, Record<string, unknown[]>>[];
    // The second versions arrived, so the comparison is about something.
    expect(JSON.stringify(inOrder.documents.cardKinds)).toContain('改称後のカード種別');
    expect(JSON.stringify(inOrder.documents.contractors)).toContain('改称後受託者株式会社');
    expect(JSON.stringify(inOrder.documents.connections)).toContain('"withdrawn":true');
    expect(inOrder.access.agreements).toEqual([expect.objectContaining({ version: 2 })]);
    expect(reversed).toEqual(inOrder);
  }, 300_000);

  it('keeps the latest A-11-3 contacts current when an older acceptance arrives after a newer one', async () => {
    const accepted = events.filter(
      (e) =>
        e.type === 'documents.submission.accepted' &&
        (e.payload as { form?: string }).form === 'A-11-3' &&
        e.applicationId === caseId,
    );
    expect(accepted.map((e) => (e.payload as { series: number }).series)).toEqual([1, 2]);
    // A second case of another local government receives the same two acceptances, newest first.
    const api = source.api();
    const org = '131024';
    const other = await api.call('POST', '/api/v1/applications', {
      token: await token({ role: 'applicant', org }, `applicant-${org}`),
      body: {
        organizationCode: org,
        verifierName: '中央区',
        verifierKinds: ['signature'],
        department: '区民課',
        contact: { name: '最初 一郎', phone: '03-0000-0000', email: 'first@131024.example.lg.jp' },
      },
    });
    const readdressed = accepted.map((e, i) => ({
      ...e,
      id: `${e.id.slice(0, -4)}${String(9000 + i)}`,
      applicationId: other.id,
      payload: { ...e.payload, applicationId: other.id, submissionId: `${e.id.slice(0, -4)}${String(8000 + i)}` },
    }));
    const intake = source.app('intake').get(EventConsumer);
    for (const event of [...readdressed].reverse()) await intake.apply(event);

    const view = await api.call('GET', `/api/v1/applications/${other.id}`, {
      token: await token({ role: 'operator' }, 'op'),
    });
    expect(view.contacts.map((c: { email: string }) => c.email)).toEqual(['new@131016.example.lg.jp']);
    const history = await api.call('GET', `/api/v1/applications/${other.id}/contacts`, {
      token: await token({ role: 'operator' }, 'op'),
    });
    expect(history.items.map((s: { contacts: { email: string }[] }) => s.contacts[0].email)).toEqual([
      'new@131016.example.lg.jp',
      `jpki@${ORG.code}.example.lg.jp`,
      'first@131024.example.lg.jp',
    ]);
    // The late, older set joined the history without being announced as a change of contacts.
    const timeline = await api.call('GET', `/api/v1/applications/${other.id}/timeline`, {
      token: await token({ role: 'operator' }, 'op'),
    });
    expect(
      (timeline.items as { type: string }[]).filter((t) => t.type === IntakeEvents.ApplicationContactsChanged),
    ).toHaveLength(1);
  }, 120_000);
});
