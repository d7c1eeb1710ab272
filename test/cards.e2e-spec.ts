import { DocumentsEvents, EventEnvelope, eventSubject, SubmissionEventPayload } from '@jlis/contracts';
import { eventually } from '@jlis/testing';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { TestSuite } from './suite';

/** What documents publishes when it accepts an A-06; this test plays documents by publishing it into JetStream. */
const a06Accepted = (applicationId: string, cards: unknown): EventEnvelope<SubmissionEventPayload> => {
  const submissionId = randomUUID();
  return {
    id: randomUUID(),
    type: DocumentsEvents.SubmissionAccepted,
    version: 1,
    occurredAt: new Date().toISOString(),
    actor: { sub: 'op-1', role: 'operator' },
    correlationId: randomUUID(),
    applicationId,
    aggregateId: submissionId,
    aggregateVersion: 2,
    payload: { submissionId, applicationId, form: 'A-06', series: 1, round: 1, fields: { cards } },
  };
};

describe('test IC cards through the gateway', () => {
  let suite: TestSuite;
  let nc: NatsConnection;
  let operator: string;
  let chiyoda: string;
  let shinjuku: string;
  let caseId: string;

  beforeAll(async () => {
    suite = await TestSuite.start({ services: ['intake', 'cards'] });
    // Events of documents (not running here) published as its relay would, through the tests' replay identity.
    nc = await suite.nats.connect('replay');
    operator = await suite.token({ role: 'operator', sub: 'op-1' });
    chiyoda = await suite.token({ role: 'applicant', org: '131016', sub: 'chiyoda-1' });
    shinjuku = await suite.token({ role: 'applicant', org: '131041', sub: 'shinjuku-1' });
    const created = await suite.http('POST', '/api/v1/applications', {
      token: chiyoda,
      body: {
        organizationCode: '131016',
        verifierName: '千代田区',
        verifierKinds: ['signature'],
        department: '政策経営部情報政策課',
        contact: { name: '山田 太郎', phone: '03-3264-2111', email: 'yamada@city.chiyoda.example.lg.jp' },
        // Tested with its cards alone: A-10 is then done when they are back (the online test's end is test-completion's).
        wantsOnlineTest: false,
      },
    });
    expect(created.status).toBe(201);
    caseId = created.body.id;
  });

  afterAll(async () => {
    await nc?.close();
    await suite?.destroy();
  });

  const publish = async (event: EventEnvelope<SubmissionEventPayload>) => {
    await nc.jetstream().publish(eventSubject(event.type), JSON.stringify(event), { msgID: event.id });
  };
  const loansOfCase = async (token = chiyoda) =>
    suite.http('GET', `/api/v1/applications/${caseId}/card-loans`, { token });

  it('lists the default card kinds to everyone and lets only operators add one', async () => {
    const kinds = await suite.http('GET', '/api/v1/card-kinds', { token: chiyoda });
    expect(kinds.status).toBe(200);
    expect(kinds.body.items.map((k: { code: string }) => k.code)).toEqual(['full', 'jpki']);
    const body = { code: 'jpki-user', name: '利用者証明用のみ', applications: ['JPKI-AP 利用者証明用電子証明書'] };
    expect((await suite.http('POST', '/api/v1/card-kinds', { token: chiyoda, body })).status).toBe(403);
    expect((await suite.http('POST', '/api/v1/card-kinds', { token: operator, body })).status).toBe(201);
    const again = await suite.http('POST', '/api/v1/card-kinds', { token: operator, body });
    expect([again.status, again.body.code]).toEqual([409, 'CARD_KIND_EXISTS']);
    const changed = await suite.http('PUT', '/api/v1/card-kinds/jpki-user', {
      token: operator,
      body: { name: '利用者証明用のみ（改）', applications: body.applications, lowStockThreshold: 5 },
    });
    expect([changed.status, changed.body.version, changed.body.lowStockThreshold]).toEqual([200, 2, 5]);
    expect(
      (
        await suite.http('PUT', '/api/v1/card-kinds/no-such-kind', {
          token: operator,
          body: { name: 'x', applications: ['y'] },
        })
      ).status,
    ).toBe(404);
    const bad = await suite.http('POST', '/api/v1/card-kinds', {
      token: operator,
      body: { ...body, code: 'Bad Code', applications: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['applications', 'code']);
  });

  it('registers units all or nothing and answers bad input with 4xx naming the problem', async () => {
    const ok = await suite.http('POST', '/api/v1/cards', {
      token: operator,
      body: { kind: 'jpki', serials: ['E-001', 'E-002'] },
    });
    expect([ok.status, ok.body.registered]).toEqual([201, 2]);
    const dup = await suite.http('POST', '/api/v1/cards', {
      token: operator,
      body: { kind: 'jpki', serials: ['E-003', 'E-002'] },
    });
    expect([dup.status, dup.body.code, dup.body.serials]).toEqual([409, 'CARD_SERIAL_DUPLICATE', ['E-002']]);
    const unknown = await suite.http('POST', '/api/v1/cards', {
      token: operator,
      body: { kind: 'nope', serials: ['E-004'] },
    });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'CARD_KIND_UNKNOWN']);
    const invalid = await suite.http('POST', '/api/v1/cards', {
      token: operator,
      body: { kind: 'jpki', serials: ['a b'] },
    });
    expect([invalid.status, invalid.body.errors[0].field]).toEqual([400, 'serials']);
    expect(
      (await suite.http('POST', '/api/v1/cards', { token: chiyoda, body: { kind: 'jpki', serials: ['E-009'] } }))
        .status,
    ).toBe(403);
    // Idempotency-Key: the same request again answers the stored result; another body under the key is refused.
    const headers = { 'idempotency-key': 'reg-e-7' };
    const first = await suite.http('POST', '/api/v1/cards', {
      token: operator,
      headers,
      body: { kind: 'jpki-user', serials: ['E-007'] },
    });
    const replay = await suite.http('POST', '/api/v1/cards', {
      token: operator,
      headers,
      body: { kind: 'jpki-user', serials: ['E-007'] },
    });
    expect([first.status, replay.status, replay.body]).toEqual([201, 201, first.body]);
    const reused = await suite.http('POST', '/api/v1/cards', {
      token: operator,
      headers,
      body: { kind: 'jpki-user', serials: ['E-008'] },
    });
    expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const units = await suite.http('GET', '/api/v1/cards?kind=jpki', { token: operator });
    expect(units.body.items.map((u: { serial: string }) => u.serial)).toEqual(['E-001', 'E-002']);
  });

  it('opens a loan when an A-06 is accepted and shows it to the case parties only', async () => {
    await publish(a06Accepted(caseId, [{ kind: 'jpki', quantity: 2 }]));
    const loans = await eventually(async () => {
      const res = await loansOfCase();
      return res.body.items?.length === 1 && res;
    });
    expect(loans.body.items[0]).toMatchObject({
      state: 'allocated',
      lines: [{ kind: 'jpki', quantity: 2, allocated: 2 }],
    });
    expect(loans.body.items[0].units.map((u: { serial: string; state: string }) => [u.serial, u.state])).toEqual([
      ['E-001', 'allocated'],
      ['E-002', 'allocated'],
    ]);
    expect((await loansOfCase(shinjuku)).status).toBe(404);
    const loanId = loans.body.items[0].id;
    expect((await suite.http('GET', `/api/v1/card-loans/${loanId}`, { token: shinjuku })).status).toBe(404);
    expect((await suite.http('GET', '/api/v1/card-loans', { token: chiyoda })).status).toBe(403);
    const stock = await suite.http('GET', '/api/v1/cards/stock', { token: operator });
    expect(stock.body.items.find((s: { kind: string }) => s.kind === 'jpki')).toMatchObject({
      inStock: 0,
      allocated: 2,
      low: true,
    });
  });

  it('refuses zero, negative and absurd quantities with 400 naming the field', async () => {
    for (const quantity of [0, -2, 1000, 'two']) {
      const res = await suite.http('POST', '/api/v1/card-loans', {
        token: operator,
        body: { applicationId: caseId, submissionId: randomUUID(), cards: [{ kind: 'jpki', quantity }] },
      });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('cards.0.quantity');
    }
    const notAccepted = await suite.http('POST', '/api/v1/card-loans', {
      token: operator,
      body: { applicationId: caseId, submissionId: randomUUID(), cards: [{ kind: 'jpki', quantity: 1 }] },
    });
    expect([notAccepted.status, notAccepted.body.code]).toEqual([409, 'A06_NOT_ACCEPTED']);
  });

  it('lets a waiting loan not ship, ships an allocated one and walks A-6 and A-10 in the case view to done', async () => {
    await publish(a06Accepted(caseId, [{ kind: 'full', quantity: 1 }]));
    const waiting = await eventually(async () => {
      const res = await suite.http('GET', `/api/v1/card-loans?applicationId=${caseId}&state=waiting`, {
        token: operator,
      });
      return res.body.items?.length === 1 && res.body.items[0];
    });
    const refused = await suite.http('POST', `/api/v1/card-loans/${waiting.id}/shipment`, {
      token: operator,
      body: { carrier: 'ヤマト運輸', trackingNumber: 'T-1', shippedOn: '2026-11-02' },
    });
    expect([refused.status, refused.body.code]).toEqual([409, 'LOAN_NOT_ALLOCATED']);
    // Named by the number people can say, not the UUID (issue 13); the id stays in the problem's members.
    expect(refused.body.detail).toContain(`貸出 ${waiting.number} はカードの割り当て待ちです`);
    expect(refused.body.detail).not.toContain(waiting.id);
    expect(refused.body.loanId).toBe(waiting.id);
    await suite.http('POST', '/api/v1/cards', { token: operator, body: { kind: 'full', serials: ['F-100'] } });
    const filled = await suite.http('GET', `/api/v1/card-loans/${waiting.id}`, { token: chiyoda });
    expect(filled.body).toMatchObject({ state: 'allocated', units: [{ serial: 'F-100', state: 'allocated' }] });
    // A short number people can quote, the same in the list and the view.
    expect(filled.body.number).toMatch(/^L-\d{5}$/);
    expect(waiting.number).toBe(filled.body.number);

    const [first] = (await loansOfCase()).body.items;
    const badDate = await suite.http('POST', `/api/v1/card-loans/${first.id}/shipment`, {
      token: operator,
      body: { carrier: 'ヤマト運輸', trackingNumber: 'T-2', shippedOn: '2026-13-01' },
    });
    expect([badDate.status, badDate.body.errors?.[0]?.field]).toEqual([400, 'shippedOn']);
    const shipped = await suite.http('POST', `/api/v1/card-loans/${first.id}/shipment`, {
      token: operator,
      body: { carrier: 'ヤマト運輸', trackingNumber: 'T-2', shippedOn: '2026-11-02', expectedReturnOn: '2026-12-25' },
    });
    expect(shipped.status).toBe(201);
    expect(shipped.body.shipment).toEqual({
      carrier: 'ヤマト運輸',
      trackingNumber: 'T-2',
      shippedOn: '2026-11-02',
      expectedReturnOn: '2026-12-25',
    });
    const custody = await suite.http('POST', `/api/v1/card-loans/${first.id}/custody`, {
      token: chiyoda,
      body: { serials: ['E-001'], holder: 'applicant' },
    });
    expect(custody.body.units[0].state).toBe('with-applicant');
    const notOnLoan = await suite.http('POST', `/api/v1/card-loans/${first.id}/returns`, {
      token: operator,
      body: { serials: ['F-100'], receivedOn: '2026-11-10' },
    });
    expect([notOnLoan.status, notOnLoan.body.code]).toEqual([422, 'CARD_NOT_ON_LOAN']);
    expect(notOnLoan.body.detail).toMatch(new RegExp(`^次のカードは貸出 ${first.number} に含まれていません: F-100。`));
    expect(notOnLoan.body.detail).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const unknown = await suite.http('GET', '/api/v1/card-loans/0b9e2f64-3c1d-4a8e-9f27-5d6c1e8a4b30', {
      token: operator,
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(unknown.body.detail).toBe(
      'テスト用カードの貸出が見つかりません。リンクや一覧から開き直してください。 / The card loan asked for was not found.',
    );
    await suite.http('POST', `/api/v1/card-loans/${first.id}/returns`, {
      token: operator,
      body: { serials: ['E-001'], receivedOn: '2026-11-10' },
    });
    const second = await suite.http('POST', `/api/v1/card-loans/${first.id}/returns`, {
      token: operator,
      body: { serials: ['E-001'], receivedOn: '2026-11-10' },
    });
    expect([second.status, second.body.code]).toEqual([409, 'CARD_ALREADY_RETURNED']);
    const closed = await suite.http('POST', `/api/v1/card-loans/${first.id}/returns`, {
      token: operator,
      body: { serials: ['E-002'], receivedOn: '2026-11-11' },
    });
    expect(closed.body.state).toBe('closed');

    const steps = await eventually(async () => {
      const view = await suite.http('GET', `/api/v1/applications/${caseId}`, { token: chiyoda });
      const byCode = Object.fromEntries(
        view.body.steps.map((s: { code: string; status: string }) => [s.code, s.status]),
      );
      return byCode['A-10'] === 'done' && byCode;
    });
    expect(steps['A-6']).toBe('done');
  });

  it('documents the card routes in OpenAPI', async () => {
    const doc = await suite.http('GET', '/api/docs-json');
    for (const path of [
      '/api/v1/card-kinds',
      '/api/v1/cards',
      '/api/v1/cards/stock',
      '/api/v1/card-loans',
      '/api/v1/card-loans/{loanId}/shipment',
      '/api/v1/card-loans/{loanId}/custody',
      '/api/v1/card-loans/{loanId}/returns',
      '/api/v1/card-loans/{loanId}/losses',
      '/api/v1/applications/{id}/card-loans',
    ]) {
      expect(doc.body.paths[path]).toBeDefined();
    }
  });
});
