import { INestMicroservice } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  ApplicationEventPayload,
  Caller,
  CardLoanView,
  CardsEvents,
  DocumentsEvents,
  EventEnvelope,
  IntakeEvents,
} from '@jlis/contracts';
import { EventConsumer, ManualClock, RpcClient, startService } from '@jlis/runtime';
import { createTestDatabase, startAll, startNats, stopTestServer, TestDatabase, TestNats } from '@jlis/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { cardsApp } from '../cards.app';
import { CardsFaults } from '../cards.tokens';
import { LoanChecks } from './loan-checks';

const operator: Caller = { sub: 'op-1', role: 'operator' };
const applicant: Caller = { sub: 'ap-1', role: 'applicant', org: '131016' };
const stranger: Caller = { sub: 'ap-9', role: 'applicant', org: '131041' };

type AnyEvent = EventEnvelope<any>;

const envelope = <P>(type: string, payload: P, extra: Partial<EventEnvelope<P>> = {}): EventEnvelope<P> => ({
  id: randomUUID(),
  type,
  version: 1,
  occurredAt: new Date().toISOString(),
  actor: { sub: 'op-1', role: 'operator' },
  correlationId: randomUUID(),
  aggregateId: randomUUID(),
  aggregateVersion: 1,
  payload,
  ...extra,
});

const a06 = (applicationId: string, cards: unknown, submissionId = randomUUID()) =>
  envelope(
    DocumentsEvents.SubmissionAccepted,
    { submissionId, applicationId, form: 'A-06', series: 1, round: 1, fields: { cards } },
    { applicationId, aggregateId: submissionId },
  );

describe('LoansService (cards on real Postgres and NATS)', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let rpc: RpcClient;
  let ds: DataSource;
  const clock = new ManualClock(new Date('2026-11-26T01:00:00Z'));
  const faults: CardsFaults = {};
  const apps: INestMicroservice[] = [];
  let sut: EventConsumer;
  const caseId = randomUUID();

  beforeAll(async () => {
    [db, nats] = await startAll<[TestDatabase, TestNats]>([createTestDatabase, () => startNats()], stopTestServer);
    const env = {
      DATABASE_URL: db.serviceUrl('cards'),
      NATS_URL: nats.url,
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: '4',
      CARDS_CHECK_INTERVAL_MS: '3600000',
    };
    for (const instance of ['cards-a', 'cards-b']) {
      const { config, module } = cardsApp({ ...env, ...nats.env('cards'), INSTANCE_ID: instance }, { clock, faults });
      apps.push(await startService('cards', module, config));
    }
    ds = apps[0].get<DataSource>(getDataSourceToken());
    sut = apps[0].get(EventConsumer);
    rpc = nats.rpcClient(5000);
    await rpc.connect();
    const application = {
      id: caseId,
      organizationCode: '131016',
      organizationName: '千代田区',
      verifierName: '千代田区',
      verifierKinds: ['user-certificate'],
      department: '情報政策課',
      status: 'qualified',
      contractorId: 'contractor-1',
      wantsOnlineTest: true,
      contacts: [],
      requestedAt: new Date().toISOString(),
    };
    await sut.apply(
      envelope(IntakeEvents.ApplicationRequested, { application } as ApplicationEventPayload, {
        aggregateId: caseId,
      }) as AnyEvent,
    );
  });

  afterAll(async () => {
    await rpc.close();
    for (const app of apps) await app.close();
    await nats.destroy();
    await db.drop();
  });

  const call = <T = CardLoanView>(subject: string, body: object) => rpc.request<T>(subject, body);
  const register = (kind: string, serials: string[]) =>
    call('cards.unit.register', { caller: operator, body: { kind, serials } });
  const loansOf = async (submissionId: string) =>
    ds.query<{ id: string; state: string }[]>(`SELECT id, state FROM cards.card_loan WHERE submission_id = $1`, [
      submissionId,
    ]);
  const outbox = async (type: string): Promise<AnyEvent[]> =>
    (await ds.query(`SELECT envelope FROM cards.outbox WHERE type = $1 ORDER BY seq`, [type])).map(
      (r: { envelope: AnyEvent }) => r.envelope,
    );
  const unitStates = async () =>
    ds.query<{ serial: string; state: string }[]>(`SELECT serial, state FROM cards.card_unit ORDER BY serial`);

  it('seeds the default kinds and publishes each as CardKindDefined', async () => {
    const kinds = await call<{ items: { code: string; applications: string[] }[] }>('cards.card-kind.list', {
      caller: applicant,
    });
    expect(kinds.items.map((k) => k.code)).toEqual(['full', 'jpki']);
    expect(kinds.items.find((k) => k.code === 'full')!.applications).toContain('住基AP');
    expect((await outbox(CardsEvents.CardKindDefined)).map((e) => e.payload.code).sort()).toEqual(['full', 'jpki']);
  });

  it('registers units all or nothing: a duplicate or unknown kind changes nothing', async () => {
    await register('jpki', ['J-001', 'J-002']);
    await expect(register('jpki', ['J-003', 'J-001'])).rejects.toMatchObject({
      code: 'CARD_SERIAL_DUPLICATE',
      details: { serials: ['J-001'] },
    });
    await expect(register('jpki', ['J-003', 'J-003'])).rejects.toMatchObject({ code: 'CARD_SERIAL_DUPLICATE' });
    await expect(register('nope', ['J-004'])).rejects.toMatchObject({ code: 'CARD_KIND_UNKNOWN' });
    await expect(register('jpki', [])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await unitStates()).map((u) => u.serial)).toEqual(['J-001', 'J-002']);
  });

  it('opens one loan per accepted A-06, however often the event comes', async () => {
    const event = a06(caseId, [{ kind: 'jpki', quantity: 1 }]);
    expect(await sut.apply(event)).toBe(true);
    expect(await sut.apply(event)).toBe(false);
    // The same submission announced again under a new event id (a republished event): still one loan.
    await sut.apply({ ...event, id: randomUUID() });
    const loans = await loansOf(event.payload.submissionId);
    expect(loans).toEqual([{ id: expect.any(String), state: 'allocated' }]);
    const allocated = await outbox(CardsEvents.LoanAllocated);
    expect(allocated.filter((e) => e.payload.loanId === loans[0].id)).toHaveLength(1);
  });

  it('leaves nothing half-allocated when it crashes mid-allocation, and allocates on redelivery', async () => {
    await register('full', ['F-001', 'F-002']);
    const event = a06(caseId, [
      { kind: 'full', quantity: 2 },
      { kind: 'jpki', quantity: 1 },
    ]);
    faults.afterLineAllocated = () => {
      throw new Error('simulated crash after the first line');
    };
    await expect(sut.apply(event)).rejects.toThrow('simulated crash');
    faults.afterLineAllocated = undefined;
    expect(await loansOf(event.payload.submissionId)).toEqual([]);
    expect((await unitStates()).filter((u) => u.serial.startsWith('F-')).map((u) => u.state)).toEqual([
      'in-stock',
      'in-stock',
    ]);
    expect(await ds.query(`SELECT 1 FROM cards.inbox WHERE event_id = $1`, [event.id])).toEqual([]);
    expect(await sut.apply(event)).toBe(true);
    expect((await loansOf(event.payload.submissionId))[0].state).toBe('allocated');
  });

  it('keeps an A-06 with a zero, negative or absurd quantity as a receipt without opening a loan', async () => {
    for (const quantity of [0, -1, 1000, 1.5]) {
      const event = a06(caseId, [{ kind: 'jpki', quantity }]);
      await sut.apply(event);
      expect(await loansOf(event.payload.submissionId)).toEqual([]);
      const [receipt] = await ds.query(`SELECT problems FROM cards.a06_receipt WHERE submission_id = $1`, [
        event.payload.submissionId,
      ]);
      expect(receipt.problems[0].field).toContain('quantity');
    }
    const bad = {
      caller: operator,
      body: { applicationId: caseId, submissionId: randomUUID(), cards: [{ kind: 'jpki', quantity: 0 }] },
    };
    await expect(call('cards.loan.open', bad)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'body.cards.0.quantity' })],
    });
  });

  it('makes a short loan wait, refuses to ship it, and fills waiting loans oldest first as units come back', async () => {
    // Stock of jpki is now empty: J-001 and J-002 are on the first two loans.
    const older = a06(caseId, [{ kind: 'jpki', quantity: 2 }]);
    const younger = a06(caseId, [{ kind: 'jpki', quantity: 1 }]);
    await sut.apply(older);
    await sut.apply(younger);
    const [olderLoan] = await loansOf(older.payload.submissionId);
    const [youngerLoan] = await loansOf(younger.payload.submissionId);
    expect([olderLoan.state, youngerLoan.state]).toEqual(['waiting', 'waiting']);
    const waiting = (await outbox(CardsEvents.LoanWaiting)).find((e) => e.payload.loanId === olderLoan.id)!;
    expect(waiting.payload.shortages).toEqual([{ kind: 'jpki', missing: 2 }]);
    await expect(
      call('cards.loan.ship', {
        caller: operator,
        loanId: olderLoan.id,
        body: { carrier: 'ヤマト運輸', trackingNumber: 'T-1', shippedOn: '2026-11-26' },
      }),
    ).rejects.toMatchObject({
      code: 'LOAN_NOT_ALLOCATED',
    });

    // Ship and return the first loan's unit (J-001): it goes to the older waiting loan, not the younger.
    const [first] = await ds.query(`SELECT loan_id FROM cards.card_loan_unit WHERE serial = 'J-001'`);
    await call('cards.loan.ship', {
      caller: operator,
      loanId: first.loan_id,
      body: { carrier: 'ヤマト運輸', trackingNumber: 'T-0', shippedOn: '2026-11-26' },
    });
    await call('cards.loan.return', {
      caller: operator,
      loanId: first.loan_id,
      body: { serials: ['J-001'], receivedOn: '2026-11-26' },
    });
    const olderView = await call('cards.loan.get', { caller: operator, loanId: olderLoan.id });
    expect(olderView.lines).toEqual([{ kind: 'jpki', quantity: 2, allocated: 1 }]);
    expect(olderView.state).toBe('waiting');
    await register('jpki', ['J-005', 'J-006']);
    expect((await call('cards.loan.get', { caller: operator, loanId: olderLoan.id })).state).toBe('allocated');
    const filled = (await outbox(CardsEvents.LoanAllocated)).find((e) => e.payload.loanId === olderLoan.id)!;
    expect([filled.aggregateVersion, filled.payload.serials]).toEqual([3, ['J-001', 'J-005']]);
    const youngerView = await call('cards.loan.get', { caller: operator, loanId: youngerLoan.id });
    expect(youngerView.state).toBe('allocated');
    expect(youngerView.units.map((u) => u.serial)).toEqual(['J-006']);
  });

  it('ships, records custody, refuses a wrong or second return with nothing changed, writes off a loss and closes', async () => {
    const event = a06(caseId, [{ kind: 'full', quantity: 2 }]);
    await register('full', ['F-010', 'F-011']);
    await sut.apply(event);
    const [loan] = await loansOf(event.payload.submissionId);
    const shipped = await call('cards.loan.ship', {
      caller: operator,
      loanId: loan.id,
      body: { carrier: '日本郵便', trackingNumber: 'EMS-1', shippedOn: '2026-11-26' },
    });
    // 60 days after 2026-11-26 is Mon 2027-01-25, a business day.
    expect(shipped.shipment).toMatchObject({ expectedReturnOn: '2027-01-25' });
    expect(shipped.units.map((u) => u.state)).toEqual(['shipped', 'shipped']);
    await expect(
      call('cards.loan.ship', {
        caller: operator,
        loanId: loan.id,
        body: { carrier: 'x', trackingNumber: 'y', shippedOn: '2026-11-26' },
      }),
    ).rejects.toMatchObject({
      code: 'LOAN_ALREADY_SHIPPED',
    });
    await expect(
      call('cards.loan.custody', {
        caller: stranger,
        loanId: loan.id,
        body: { serials: ['F-010'], holder: 'contractor' },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const custody = await call('cards.loan.custody', {
      caller: applicant,
      loanId: loan.id,
      body: { serials: ['F-010'], holder: 'contractor' },
    });
    expect(custody.units.find((u) => u.serial === 'F-010')!.state).toBe('with-contractor');
    expect(custody.responsibleOrganizationCode).toBe('131016');
    expect(custody.responsibility).toContain('地方公共団体の責任');

    const before = await unitStates();
    await expect(
      call('cards.loan.return', {
        caller: operator,
        loanId: loan.id,
        body: { serials: ['F-010', 'J-005'], receivedOn: '2026-11-26' },
      }),
    ).rejects.toMatchObject({
      code: 'CARD_NOT_ON_LOAN',
      details: { serials: ['J-005'] },
    });
    await expect(
      call('cards.loan.return', {
        caller: operator,
        loanId: loan.id,
        body: { serials: ['F-010'], receivedOn: '2026-11-27' },
      }),
    ).rejects.toMatchObject({
      code: 'CARD_DATE_INVALID',
    });
    await expect(
      call('cards.loan.return', {
        caller: applicant,
        loanId: loan.id,
        body: { serials: ['F-010'], receivedOn: '2026-11-26' },
      }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await unitStates()).toEqual(before);
    await call('cards.loan.return', {
      caller: operator,
      loanId: loan.id,
      body: { serials: ['F-010'], receivedOn: '2026-11-26', condition: 'damaged' },
    });
    await expect(
      call('cards.loan.return', {
        caller: operator,
        loanId: loan.id,
        body: { serials: ['F-010'], receivedOn: '2026-11-26' },
      }),
    ).rejects.toMatchObject({
      code: 'CARD_ALREADY_RETURNED',
    });
    const closed = await call('cards.loan.loss', {
      caller: operator,
      loanId: loan.id,
      body: { serial: 'F-011', reason: '輸送中に紛失' },
    });
    expect(closed.state).toBe('closed');
    expect(closed.units.map((u) => [u.serial, u.state])).toEqual([
      ['F-010', 'returned'],
      ['F-011', 'lost'],
    ]);
    expect((await unitStates()).filter((u) => ['F-010', 'F-011'].includes(u.serial)).map((u) => u.state)).toEqual([
      'retired',
      'lost',
    ]);
    expect((await outbox(CardsEvents.UnitRetired)).map((e) => e.payload.serial)).toEqual(['F-010']);
    const holdings = (await outbox(CardsEvents.HoldingsChanged)).map((e) => e.payload.unitsOut);
    expect(holdings.slice(-3)).toEqual([2, 1, 0]);
    const history = await call<{ history: { state: string }[] }>('cards.unit.get', {
      caller: operator,
      serial: 'F-010',
    });
    expect(history.history.map((h) => h.state)).toEqual([
      'in-stock',
      'allocated',
      'shipped',
      'with-contractor',
      'returned',
      'retired',
    ]);
    await expect(ds.query(`DELETE FROM cards.card_unit_history WHERE serial = 'F-010'`)).rejects.toThrow('append-only');
  });

  it('counts overdue in business days across a holiday and the year-end closure and reminds once with two instances', async () => {
    await register('jpki', ['J-020']);
    const event = a06(caseId, [{ kind: 'jpki', quantity: 1 }]);
    await sut.apply(event);
    const [loan] = await loansOf(event.payload.submissionId);
    await call('cards.loan.ship', {
      caller: operator,
      loanId: loan.id,
      body: { carrier: 'x', trackingNumber: 'y', shippedOn: '2026-11-26', expectedReturnOn: '2026-12-25' },
    });
    const checks = apps.map((app) => app.get(LoanChecks));
    const overdueFor = async () => (await outbox(CardsEvents.LoanOverdue)).filter((e) => e.payload.loanId === loan.id);

    clock.set('2026-12-28T00:30:00Z'); // Mon 28 Dec 09:30 JST: 1 business day late.
    await Promise.all(checks.map((c) => c.checkNow()));
    await Promise.all(checks.map((c) => c.remindOverdue())); // even without the lock, the (loan, ordinal) key holds
    expect((await overdueFor()).map((e) => [e.payload.businessDaysOverdue, e.aggregateVersion])).toEqual([[1, 4]]); // opened 1, allocated 2, shipped 3
    const view = await call('cards.loan.get', { caller: operator, loanId: loan.id });
    expect([view.overdue, view.businessDaysOverdue]).toEqual([true, 1]);
    // Every event of the loan carries the number the view shows (the overdue mail quotes it).
    const events = (
      await Promise.all(
        [CardsEvents.LoanOpened, CardsEvents.LoanAllocated, CardsEvents.LoanShipped, CardsEvents.LoanOverdue].map(
          outbox,
        ),
      )
    )
      .flat()
      .filter((e) => e.payload.loanId === loan.id);
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(new Set(events.map((e) => e.payload.loanNumber))).toEqual(new Set([view.number]));

    clock.set('2027-01-04T00:30:00Z'); // 29 Dec – 3 Jan closed: still 2 business days late on 4 Jan.
    expect((await call('cards.loan.get', { caller: operator, loanId: loan.id })).businessDaysOverdue).toBe(2);
    await Promise.all(checks.map((c) => c.checkNow()));
    expect(await overdueFor()).toHaveLength(1);

    clock.set('2027-01-12T00:30:00Z'); // 11 Jan 成人の日: 4–8 Jan (5) + 12 Jan = 7 → the second reminder (every 5).
    await Promise.all(checks.map((c) => c.checkNow()));
    expect((await overdueFor()).map((e) => e.payload.businessDaysOverdue)).toEqual([1, 7]);
    const list = await call<{ items: CardLoanView[] }>('cards.loan.list', { caller: operator, overdue: true });
    expect(list.items.map((l) => l.id)).toEqual([loan.id]);
    clock.set('2026-11-26T01:00:00Z');
  });

  it('announces low stock once per kind, and again only after it recovered', async () => {
    const checks = apps.map((app) => app.get(LoanChecks));
    const lowFor = async (kind: string) => (await outbox(CardsEvents.StockLow)).filter((e) => e.payload.kind === kind);
    await Promise.all(checks.map((c) => c.checkNow()));
    await Promise.all(checks.map((c) => c.announceLowStock()));
    expect(await lowFor('full')).toHaveLength(1);
    await register('full', ['F-020', 'F-021', 'F-022']);
    await checks[0].checkNow();
    expect(await lowFor('full')).toHaveLength(1);
    await sut.apply(a06(caseId, [{ kind: 'full', quantity: 2 }]));
    await checks[1].checkNow();
    const low = await lowFor('full');
    expect(low).toHaveLength(2);
    expect(low[1].payload).toMatchObject({ kind: 'full', inStock: 1, threshold: 2 });
    expect(low.map((e) => e.aggregateVersion)).toEqual([1, 2]);
  });
});
