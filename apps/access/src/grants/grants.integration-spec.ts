import { INestMicroservice } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ApplicationSnapshot, Caller, DocumentsEvents, EventEnvelope, IntakeEvents } from '@jlis/contracts';
import { EventConsumer, loadConfig, ManualClock, ServiceConfig, startService } from '@jlis/runtime';
import { createTestDatabase, startNats, TestDatabase, TestNats } from '@jlis/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { accessApp } from '../access.app';
import { ConnectionsService } from '../connections/connections.service';
import { ContractorsService } from '../contractors/contractors.service';
import { GrantActivationService } from './grant-activation.service';
import { GrantsJob } from './grants.job';
import { GrantsService } from './grants.service';

const operator: Caller = { sub: 'op-1', role: 'operator' };

/** Two instances of the access service on one database: a start date takes effect once, whichever instance runs the job. */
describe(GrantsService.name, () => {
  let db: TestDatabase;
  let nats: TestNats;
  let config: ServiceConfig;
  const clock = new ManualClock(new Date('2026-04-01T01:00:00Z'));
  const instances: INestMicroservice[] = [];
  let version = 0;

  beforeAll(async () => {
    [db, nats] = await Promise.all([createTestDatabase(), startNats()]);
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

  it('makes a scheduled grant effective exactly once when two instances run the job together', async () => {
    const [a, b] = instances;
    const consumer = a.get(EventConsumer);
    const contractor = await a
      .get(ContractorsService)
      .register({ caller: operator, body: { name: '受託者', corporateNumber: '7000012050002', email: 'c@v.jp' } });
    const connection = await a.get(ConnectionsService).register({
      caller: operator,
      contractorId: contractor.id,
      body: { environment: 'production', method: 'lgwan', cidrs: ['192.0.2.0/28'] },
    });
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
      ['A-11-2', { startDate: '2026-04-20', connectionId: connection.id, reason: 'initial' }],
    ] as const) {
      await consumer.apply(
        envelope(
          DocumentsEvents.SubmissionAccepted,
          { submissionId: randomUUID(), applicationId: id, form, series: 1, round: 1, fields },
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

    const grant = await b
      .get(GrantsService)
      .create({ caller: operator, applicationId: id, body: { environment: 'production' } });
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
});
