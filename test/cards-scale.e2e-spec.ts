import {
  Caller,
  CardLoanView,
  DocumentsEvents,
  EventEnvelope,
  eventSubject,
  HealthCheck,
  SubmissionEventPayload,
} from '@jlis/contracts';
import { RpcClient } from '@jlis/runtime';
import {
  createTestDatabase,
  eventually,
  startAll,
  startNats,
  stopTestServer,
  TestDatabase,
  TestNats,
} from '@jlis/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import { Client } from 'pg';
import { distMain, ROOT } from './dist';

/**
 * Scale-out: two separate `cards` processes (the compiled service) against one database, many concurrent
 * loan openings for fewer units than asked. Proves no unit is on two open loans, units lent equal the stock,
 * every loan's counters match its units, both processes did work, and waiting loans fill oldest first.
 */
const operator: Caller = { sub: 'op-scale', role: 'operator' };
const STOCK = 12;
const EVENT_LOANS = 16;
const RPC_LOANS = 24;

function accepted(applicationId: string, fields: Record<string, unknown>): EventEnvelope<SubmissionEventPayload> {
  const submissionId = randomUUID();
  return {
    id: randomUUID(),
    type: DocumentsEvents.SubmissionAccepted,
    version: 1,
    occurredAt: new Date().toISOString(),
    actor: { sub: 'op-scale', role: 'operator' },
    correlationId: randomUUID(),
    applicationId,
    aggregateId: submissionId,
    aggregateVersion: 2,
    payload: { submissionId, applicationId, form: 'A-06', series: 1, round: 1, fields },
  };
}

describe('cards scaled out to two processes', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let nc: NatsConnection;
  let replay: NatsConnection;
  let rpc: RpcClient;
  let pg: Client;
  const procs: ChildProcess[] = [];
  const logs: string[] = [];

  const startCards = (instance: string) =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = spawn(process.execPath, [distMain('cards')], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          DATABASE_URL: db.serviceUrl('cards'),
          ...nats.env('cards'),
          INSTANCE_ID: instance,
          LOG_LEVEL: 'info',
          DATABASE_POOL_SIZE: '6',
          CARDS_FILL_SWEEP_MS: '300',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      procs.push(child);
      const timer = setTimeout(
        () => reject(new Error(`${instance} did not start: ${logs.join('').slice(-2000)}`)),
        60_000,
      );
      const onData = (d: Buffer) => {
        logs.push(d.toString());
        if (d.toString().includes('"msg":"ready"')) {
          clearTimeout(timer);
          resolve(child);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (d: Buffer) => logs.push(d.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${instance} exited with ${code}: ${logs.join('').slice(-2000)}`));
      });
    });

  beforeAll(async () => {
    distMain('cards'); // fails clearly when `npm run build` has not run
    [db, nats] = await startAll<[TestDatabase, TestNats]>([createTestDatabase, () => startNats()], stopTestServer);
    // Start one first so the schema is migrated once, then the second (they would also serialise on the migration lock).
    await startCards('cards-p1');
    await startCards('cards-p2');
    // The test plays the gateway (health, requests) and, through the replay identity, documents' relay (events).
    nc = await nats.connect('gateway');
    replay = await nats.connect('replay');
    rpc = nats.rpcClient(20_000);
    await rpc.connect();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    if (process.env.CARDS_SCALE_LOGS) process.stdout.write(logs.join(''));
    for (const child of procs) {
      child.removeAllListeners('exit');
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
    }
    await rpc?.close();
    await nc?.close();
    await replay?.close();
    await pg?.end();
    await nats?.destroy();
    await db?.drop();
  });

  const q = async <T>(sql: string, params: unknown[] = []) => (await pg.query(sql, params)).rows as T[];

  it('allocates concurrently without ever lending a unit twice, each process serving, and fills waiting loans oldest first', async () => {
    // Both processes answer health (a queue group: ask until both pids were seen).
    const pids = new Set<number>();
    await eventually(
      async () => {
        const answer = (
          await nc.request(HealthCheck.subject('cards'), '', { timeout: 2000 })
        ).json<HealthCheck.Response>();
        pids.add(answer.pid);
        return pids.size === 2;
      },
      20_000,
      10,
    );
    expect([...pids].sort()).toEqual(procs.map((p) => p.pid!).sort());

    const serials = Array.from({ length: STOCK }, (_, i) => `S-${String(i + 1).padStart(3, '0')}`);
    await rpc.request('cards.unit.register', { caller: operator, body: { kind: 'jpki', serials } });

    // Openings through both paths at once: accepted A-06 events (consumed by both processes through the shared
    // durable consumer) and operators opening paper receipts by hand (RPC in the queue group, concurrently).
    const js = replay.jetstream();
    const caseIds = Array.from({ length: 4 }, () => randomUUID());
    const paper = Array.from({ length: RPC_LOANS }, (_, i) => accepted(caseIds[i % 4], {}));
    await Promise.all(paper.map((e) => js.publish(eventSubject(e.type), JSON.stringify(e), { msgID: e.id })));
    await eventually(
      async () =>
        (await q<{ n: number }>(`SELECT count(*)::int AS n FROM cards.a06_receipt`))[0].n === RPC_LOANS || undefined,
      20_000,
    );
    const events = Array.from({ length: EVENT_LOANS }, (_, i) =>
      accepted(caseIds[i % 4], { cards: [{ kind: 'jpki', quantity: 1 + (i % 2) }] }),
    );
    const asked = EVENT_LOANS + Math.floor(EVENT_LOANS / 2) + RPC_LOANS;
    expect(asked).toBeGreaterThan(STOCK);
    const [rpcAnswers] = await Promise.all([
      Promise.all(
        paper.map((e) =>
          rpc.request<CardLoanView>('cards.loan.open', {
            caller: operator,
            body: {
              applicationId: e.payload.applicationId,
              submissionId: e.payload.submissionId,
              cards: [{ kind: 'jpki', quantity: 1 }],
            },
          }),
        ),
      ),
      Promise.all(events.map((e) => js.publish(eventSubject(e.type), JSON.stringify(e), { msgID: e.id }))),
    ]);
    await eventually(
      async () =>
        (await q<{ n: number }>(`SELECT count(*)::int AS n FROM cards.card_loan`))[0].n === EVENT_LOANS + RPC_LOANS ||
        undefined,
      30_000,
    );
    // Let the sweeps run a few times: nothing may change the invariants.
    await new Promise((r) => setTimeout(r, 1000));

    // Units lent equal the stock; no serial on two open loans; each unit's row agrees with the loan that has it.
    const out = await q<{ serial: string; loan_id: string }>(
      `SELECT serial, loan_id FROM cards.card_loan_unit WHERE outcome = 'out'`,
    );
    expect(out).toHaveLength(STOCK);
    expect(new Set(out.map((u) => u.serial)).size).toBe(STOCK);
    const units = await q<{ serial: string; state: string; loan_id: string | null }>(
      `SELECT serial, state, loan_id FROM cards.card_unit`,
    );
    for (const unit of units) {
      expect(unit.state).toBe('allocated');
      expect(unit.loan_id).toBe(out.find((o) => o.serial === unit.serial)!.loan_id);
    }
    // No loan is told it has units it does not: counters equal its unit rows, and what each RPC answer said was true then.
    const mismatched = await q(
      `SELECT l.loan_id FROM cards.card_loan_line l
        LEFT JOIN (SELECT loan_id, kind, count(*)::int AS n FROM cards.card_loan_unit GROUP BY loan_id, kind) u ON u.loan_id = l.loan_id AND u.kind = l.kind
        WHERE l.allocated <> COALESCE(u.n, 0)`,
    );
    expect(mismatched).toEqual([]);
    for (const answer of rpcAnswers) expect(answer.units.length).toBe(answer.lines[0].allocated);
    const allocatedEvents = await q<{ serial: string }>(
      `SELECT jsonb_array_elements_text(envelope->'payload'->'serials') AS serial FROM cards.outbox WHERE type = 'cards.loan.allocated'`,
    );
    expect(new Set(allocatedEvents.map((e) => e.serial)).size).toBe(allocatedEvents.length);
    const waitingStates = await q<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM cards.card_loan GROUP BY state ORDER BY state`,
    );
    expect(waitingStates.find((s) => s.state === 'waiting')!.n).toBeGreaterThan(0);

    // Each process did allocation work.
    const byInstance = await q<{ allocated_by: string }>(
      `SELECT DISTINCT allocated_by FROM cards.card_loan_unit ORDER BY 1`,
    );
    const openers = await q<{ opened_by: string }>(`SELECT DISTINCT opened_by FROM cards.card_loan ORDER BY 1`);
    expect(openers.map((o) => o.opened_by)).toEqual(['cards-p1', 'cards-p2']);
    expect(byInstance.length).toBeGreaterThanOrEqual(1);

    // Ship the complete loans and return their units: they go to the waiting loans, oldest first.
    const waitingBefore = await q<{ id: string; opened_seq: string }>(
      `SELECT id, opened_seq FROM cards.card_loan WHERE state = 'waiting' ORDER BY opened_seq`,
    );
    const complete = await q<{ id: string }>(
      `SELECT id FROM cards.card_loan WHERE state = 'allocated' ORDER BY opened_seq`,
    );
    await Promise.all(
      complete.map((loan) =>
        rpc.request('cards.loan.ship', {
          caller: operator,
          loanId: loan.id,
          body: { carrier: 'x', trackingNumber: loan.id, shippedOn: '2026-11-02' },
        }),
      ),
    );
    const returned = await q<{ loan_id: string; serial: string }>(
      `SELECT loan_id, serial FROM cards.card_loan_unit WHERE outcome = 'out' AND loan_id = ANY($1) ORDER BY serial`,
      [complete.map((c) => c.id)],
    );
    const before = new Map(
      (await q<{ loan_id: string; allocated: number }>(`SELECT loan_id, allocated FROM cards.card_loan_line`)).map(
        (l) => [l.loan_id, l.allocated],
      ),
    );
    await Promise.all(
      complete.map((loan) =>
        rpc.request('cards.loan.return', {
          caller: operator,
          loanId: loan.id,
          body: {
            serials: returned.filter((r) => r.loan_id === loan.id).map((r) => r.serial),
            receivedOn: '2026-11-20',
          },
        }),
      ),
    );
    const after = new Map(
      (
        await q<{ loan_id: string; allocated: number; quantity: number }>(
          `SELECT loan_id, allocated, quantity FROM cards.card_loan_line`,
        )
      ).map((l) => [l.loan_id, l]),
    );
    const gained = waitingBefore.map((w) => after.get(w.id)!.allocated - before.get(w.id)!);
    expect(gained.reduce((a, b) => a + b, 0)).toBe(returned.length);
    // Oldest first: the loans that gained form a prefix of the waiting queue, and all of them but the last are now complete.
    const lastGaining = gained.map((g) => g > 0).lastIndexOf(true);
    expect(gained.slice(0, lastGaining + 1).every((g) => g > 0)).toBe(true);
    for (const w of waitingBefore.slice(0, lastGaining))
      expect(after.get(w.id)!.allocated).toBe(after.get(w.id)!.quantity);
    const stillOut = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM cards.card_loan_unit WHERE outcome = 'out'`,
    );
    expect(stillOut[0].n).toBe(STOCK);
  });
});
