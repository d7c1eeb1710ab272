import { INestMicroservice } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  AccessDecisionView,
  ApplicationSnapshot,
  Caller,
  DocumentsEvents,
  EventEnvelope,
  IntakeEvents,
} from '@jlis/contracts';
import { EventConsumer, loadConfig, ManualClock, ServiceConfig, startService } from '@jlis/runtime';
import {
  createTestDatabase,
  eventually,
  startAll,
  startNats,
  stopTestServer,
  TestDatabase,
  TestNats,
} from '@jlis/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { accessApp } from '../access.app';
import { ApprovalDocumentsJob } from '../approval-documents/approval-documents.job';
import { ConnectionsService } from '../connections/connections.service';
import { ContractorsService } from '../contractors/contractors.service';
import { GrantActivationService } from './grant-activation.service';
import { GrantDecisionsService } from './grant-decisions.service';
import { GrantsJob } from './grants.job';
import { GrantsService } from './grants.service';

const operator: Caller = { sub: 'op-1', role: 'operator', name: '審査 一郎' };
const approver: Caller = { sub: 'op-2', role: 'operator', name: '承認 花子' };

/** Two instances of the access service on one database: a start date takes effect once, whichever instance runs the job. */
describe(GrantsService.name, () => {
  let db: TestDatabase;
  let nats: TestNats;
  let config: ServiceConfig;
  const clock = new ManualClock(new Date('2026-04-01T01:00:00Z'));
  const instances: INestMicroservice[] = [];
  let version = 0;

  beforeAll(async () => {
    [db, nats] = await startAll<[TestDatabase, TestNats]>([createTestDatabase, () => startNats()], stopTestServer);
    const env = {
      DATABASE_URL: db.serviceUrl('access'),
      ...nats.env('access'),
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: '4',
    };
    config = loadConfig(ServiceConfig, env);
    for (let i = 0; i < 2; i++) instances.push(await startService('access', accessApp(env, { clock }).module, config));
  });

  afterAll(async () => {
    for (const app of instances) await app.close();
    await nats?.destroy();
    await db?.drop();
  });

  const envelope = <P>(type: string, payload: P, applicationId: string): EventEnvelope => ({
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: clock.now().toISOString(),
    actor: { sub: 'test', role: 'system' },
    correlationId: randomUUID(),
    applicationId,
    aggregateId: applicationId,
    aggregateVersion: ++version,
    payload: payload as Record<string, unknown>,
  });

  let registered: { contractor: { id: string }; connection: { id: string } } | undefined;
  /** A qualified case with its A-11 papers accepted (A-11-2 starting on `startDate`) and an agreement. */
  const productionCase = async (startDate: string): Promise<string> => {
    const [a] = instances;
    const consumer = a.get(EventConsumer);
    // One contractor and production registration serve every case of this file.
    registered ??= await (async () => {
      const contractor = await a
        .get(ContractorsService)
        .register({ caller: operator, body: { name: '受託者', corporateNumber: '7000012050002', email: 'c@v.jp' } });
      const connection = await a.get(ConnectionsService).register({
        caller: operator,
        contractorId: contractor.id,
        body: { environment: 'production', method: 'lgwan', cidrs: ['192.0.2.0/28'] },
      });
      return { contractor, connection };
    })();
    const { contractor, connection } = registered;
    const id = randomUUID();
    const snapshot: ApplicationSnapshot = {
      id,
      organizationCode: '131016',
      organizationName: '千代田区',
      verifierName: '千代田区',
      verifierKinds: ['signature'],
      department: '情報政策課',
      status: 'qualified',
      contractorId: contractor.id,
      wantsOnlineTest: false,
      contacts: [],
      requestedAt: clock.now().toISOString(),
    };
    await consumer.apply(envelope(IntakeEvents.ApplicationQualified, { application: snapshot }, id));
    for (const [form, fields] of [
      ['A-11-1', {}],
      ['URL', {}],
      ['A-11-3', {}],
      ['A-11-2', { startDate, connectionId: connection.id, reason: 'initial' }],
    ] as const) {
      await consumer.apply(
        envelope(
          DocumentsEvents.SubmissionAccepted,
          // As documents sends it: an accepted A-11-2 carries the reviewer's seal confirmation (R11).
          {
            submissionId: randomUUID(),
            applicationId: id,
            form,
            series: 1,
            round: 1,
            fields,
            ...(form === 'A-11-2' ? { sealConfirmed: true } : {}),
          },
          id,
        ),
      );
    }
    await consumer.apply(
      envelope(
        DocumentsEvents.AgreementConcluded,
        {
          applicationId: id,
          agreementId: randomUUID(),
          version: 1,
          signedOn: '2026-04-01',
          effectiveFrom: '2026-04-15',
        },
        id,
      ),
    );

    return id;
  };

  it('makes a scheduled grant effective exactly once when two instances run the job together', async () => {
    const [a, b] = instances;
    const id = await productionCase('2026-04-20');
    // Proposed on one instance, approved by a second operator on the other.
    const proposal = (await b
      .get(GrantsService)
      .create({ caller: operator, applicationId: id, body: { environment: 'production' } })) as AccessDecisionView;
    expect(proposal).toMatchObject({ status: 'proposed', grant: null });
    const grant = (await a.get(GrantDecisionsService).approve({ caller: approver, decisionId: proposal.id })).grant!;
    expect(grant).toMatchObject({ status: 'scheduled', effectiveOn: '2026-04-20' });

    clock.set('2026-04-19T14:59:00Z'); // 23:59 on 2026-04-19 in Japan
    expect(await a.get(GrantActivationService).activateDue()).toBe(0);
    clock.set('2026-04-19T15:00:00Z'); // 00:00 on 2026-04-20 in Japan
    const [byA, byB] = await Promise.all([
      a.get(GrantActivationService).activateDue(),
      b.get(GrantActivationService).activateDue(),
    ]);
    expect(byA + byB).toBe(1);
    await Promise.all([a.get(GrantsJob).tick(), b.get(GrantsJob).tick()]);

    const ds = a.get<DataSource>(getDataSourceToken());
    expect(await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE type = 'access.grant.effective'`)).toEqual([
      { n: 1 },
    ]);
    expect(
      await ds.query(`SELECT kind, on_date::text AS on FROM grant_log WHERE grant_id = $1 ORDER BY seq`, [grant.id]),
    ).toEqual([
      { kind: 'created', on: '2026-04-01' },
      { kind: 'effective', on: '2026-04-20' },
    ]);
  });

  it('carries out a production grant only when a second operator approves, keeping both names and times', async () => {
    const [a, b] = instances;
    const id = await productionCase('2026-04-20'); // today: the clock stands on 2026-04-20 in Japan
    const decisions = a.get(GrantDecisionsService);
    const unnamed = { sub: 'op-9', role: 'operator' } as Caller;
    await expect(
      b.get(GrantsService).create({ caller: unnamed, applicationId: id, body: { environment: 'production' } }),
    ).rejects.toMatchObject({ code: 'NAME_CLAIM_MISSING' });
    const proposal = (await b
      .get(GrantsService)
      .create({ caller: operator, applicationId: id, body: { environment: 'production' } })) as AccessDecisionView;
    await expect(
      b.get(GrantsService).create({ caller: approver, applicationId: id, body: { environment: 'production' } }),
    ).rejects.toMatchObject({ code: 'DECISION_ALREADY_PROPOSED' });
    // Same login, even under another name: still the proposer.
    await expect(
      decisions.approve({ caller: { ...operator, name: '別名' }, decisionId: proposal.id }),
    ).rejects.toMatchObject({ code: 'APPROVER_IS_PROPOSER', message: expect.stringContaining('承認できません') });
    const ds = a.get<DataSource>(getDataSourceToken());
    expect(await ds.query(`SELECT count(*)::int AS n FROM access_grant WHERE application_id = $1`, [id])).toEqual([
      { n: 0 },
    ]);
    const approved = await decisions.approve({ caller: approver, decisionId: proposal.id });
    expect(approved).toMatchObject({
      status: 'approved',
      proposedBy: { name: '審査 一郎' },
      approvedBy: [{ name: '承認 花子' }],
      grant: { status: 'active', decisionId: proposal.id, approval: { approver: '承認 花子' } },
    });
    await expect(decisions.approve({ caller: approver, decisionId: proposal.id })).rejects.toMatchObject({
      code: 'DECISION_ALREADY_APPROVED',
    });

    // A revocation is two people's decision too.
    const grantId = approved.grant!.id;
    const revoke = await decisions.proposeChange({
      caller: approver,
      grantId,
      action: 'revocation',
      body: { reason: '利用終了 / service ended' },
    });
    expect(revoke).toMatchObject({
      kind: 'revocation',
      status: 'proposed',
      grantId,
      proposedBy: { name: '承認 花子' },
    });
    const revoked = await decisions.approve({ caller: operator, decisionId: revoke.id });
    expect(revoked.grant).toMatchObject({ status: 'revoked' });

    // Append-only: neither the proposal nor an approval can be rewritten.
    for (const sql of [
      `UPDATE access_decision SET proposed_by_name = 'x' WHERE id = $1`,
      `DELETE FROM access_decision_approval WHERE decision_id = $1`,
    ]) {
      expect(await ds.query(sql, [proposal.id]).catch((e: Error) => e.message)).toContain('append-only');
    }
    const events = await ds.query(
      `SELECT type, envelope->'payload' AS payload FROM outbox WHERE type LIKE 'access.decision.%' AND envelope->'payload'->>'decisionId' = $1 ORDER BY seq`,
      [proposal.id],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'access.decision.proposed',
      'access.decision.approved',
    ]);
    expect(JSON.stringify(events)).not.toMatch(/op-1|op-2/);
  });

  it('renders the approved A-11-2 once, by the job on either instance, however often the approval is delivered', async () => {
    const [a, b] = instances;
    const id = await productionCase('2026-04-20');
    const proposal = (await b
      .get(GrantsService)
      .create({ caller: operator, applicationId: id, body: { environment: 'production' } })) as AccessDecisionView;
    const grant = (await a.get(GrantDecisionsService).approve({ caller: approver, decisionId: proposal.id })).grant!;
    const ds = a.get<DataSource>(getDataSourceToken());
    const count = async (sql: string) => (await ds.query<{ n: number }[]>(sql, [grant.id]))[0].n;
    const [{ envelope }] = await ds.query<{ envelope: EventEnvelope }[]>(
      `SELECT envelope FROM outbox WHERE type = 'access.decision.approved' AND envelope->'payload'->>'grantId' = $1`,
      [grant.id],
    );
    // The consumer only records it as due (the stream delivers the same event too: one inbox row either way); both
    // instances' jobs then race for it, woken by the NOTIFY and called here.
    await a.get(EventConsumer).apply(envelope);
    await Promise.all([a.get(ApprovalDocumentsJob).renderNext(), b.get(ApprovalDocumentsJob).renderNext()]);
    await eventually(
      async () =>
        (await count(`SELECT count(*)::int AS n FROM approval_document_due WHERE grant_id = $1`)) === 0 || undefined,
    );
    // Delivered again past the duplicate window (a new message id, a new inbox row): nothing is due a second time.
    await a.get(EventConsumer).apply({ ...envelope, id: randomUUID() });
    await Promise.all([a.get(ApprovalDocumentsJob).tick(), b.get(ApprovalDocumentsJob).tick()]);
    expect(await count(`SELECT count(*)::int AS n FROM approval_document_due WHERE grant_id = $1`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM approval_document WHERE grant_id = $1`)).toBe(1);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM outbox WHERE type = 'access.approval-document.issued' AND envelope->'payload'->>'grantId' = $1`,
      ),
    ).toBe(1);
  });
});
