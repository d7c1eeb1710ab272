import { INestMicroservice } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  AccessEvents,
  ApplicationSnapshot,
  Caller,
  CardsEvents,
  DOCUMENTS_BUCKET,
  DocumentsEvents,
  EventEnvelope,
  FileRef,
  IntakeEvents,
  SubmissionCreate,
} from '@jlis/contracts';
import { EventConsumer, RpcClient, startService } from '@jlis/runtime';
import { createTestDatabase, startAll, startNats, stopTestServer, TestDatabase, TestNats } from '@jlis/testing';
import { NatsConnection } from 'nats';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { documentsApp } from './documents.app';

const operator: Caller = { sub: 'op-1', role: 'operator' };
const applicant: Caller = { sub: 'a-1', role: 'applicant', org: '131016' };

describe('documents service (NATS + Postgres, no gateway)', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  let ds: DataSource;
  let consumer: EventConsumer;
  const contractorId = randomUUID();
  const connectionId = randomUUID();
  const snapshot: ApplicationSnapshot = {
    id: randomUUID(),
    organizationCode: '131016',
    organizationName: '千代田区',
    verifierName: '千代田区',
    verifierKinds: ['signature'],
    department: '情報政策課',
    status: 'qualified',
    contractorId,
    wantsOnlineTest: true,
    contacts: [{ role: 'primary', name: '山田', phone: '03-1111-2222', email: 'yamada@example.lg.jp' }],
    requestedAt: '2026-11-01T00:00:00Z',
  };
  const event = <P>(type: string, payload: P, aggregateVersion = 1, id = randomUUID()): EventEnvelope<P> => ({
    id,
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    actor: { sub: 'system', role: 'system' },
    correlationId: id,
    applicationId: snapshot.id,
    aggregateId: snapshot.id,
    aggregateVersion,
    payload,
  });
  const upload = async (): Promise<FileRef> => {
    const bytes = Buffer.from(`%PDF-1.7\n${randomUUID()}\n%%EOF\n`);
    const objectName = randomUUID();
    await (await nc.jetstream().views.os(DOCUMENTS_BUCKET)).putBlob({ name: objectName }, bytes);
    return {
      objectName,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      mediaType: 'application/pdf',
      filename: 'a.pdf',
    };
  };

  beforeAll(async () => {
    [db, nats] = await startAll<[TestDatabase, TestNats]>([createTestDatabase, () => startNats()], stopTestServer);
    const env = {
      DATABASE_URL: db.serviceUrl('documents'),
      NATS_URL: nats.url,
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: '3',
    };
    const { config, module } = documentsApp({ ...env, ...nats.env('documents') });
    app = await startService('documents', module, config);
    ds = app.get<DataSource>(getDataSourceToken());
    consumer = app.get(EventConsumer);
    // The test plays the gateway: it calls the service and puts files into the bucket with the gateway's identity.
    rpc = nats.rpcClient(5000);
    await rpc.connect();
    nc = await nats.connect('gateway');
    await consumer.apply(
      event(IntakeEvents.ApplicationRequested, { application: { ...snapshot, status: 'requested' } }, 1),
    );
    await consumer.apply(
      event(AccessEvents.ContractorRegistered, {
        contractorId,
        name: 'テスト',
        corporateNumber: '1234567890123',
        email: 'c@example.jp',
      }),
    );
    await consumer.apply(
      event(AccessEvents.ConnectionRegistered, {
        connectionId,
        contractorId,
        environment: 'test',
        method: 'lgwan',
        cidrs: ['10.0.0.0/28'],
      }),
    );
    await consumer.apply(
      event(CardsEvents.CardKindDefined, { code: 'jpki', name: 'JPKI', applications: [], active: true }),
    );
  });

  afterAll(async () => {
    await nc?.close();
    await rpc?.close();
    await app?.close();
    await nats?.destroy();
    await db?.drop();
  });

  it('refuses a submission while the case is not yet seen qualified, with a code that says to retry', async () => {
    const refused = await rpc
      .request(SubmissionCreate.subject, {
        caller: applicant,
        applicationId: snapshot.id,
        body: { form: 'A-03-4', fields: {} },
        file: await upload(),
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'PRECONDITION_NOT_YET_KNOWN' });
  });

  it('dispatches the templates once per case, however often qualification arrives', async () => {
    const qualified = event(IntakeEvents.ApplicationQualified, { application: snapshot }, 2);
    expect(await consumer.apply(qualified)).toBe(true);
    expect(await consumer.apply(qualified)).toBe(false);
    await consumer.apply(event(IntakeEvents.ApplicationQualified, { application: snapshot }, 3));
    const rows: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE type = $1`, [
      DocumentsEvents.TemplatesDispatched,
    ]);
    expect(rows).toEqual([{ n: 1 }]);
    const [{ n }]: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM template_dispatch WHERE application_id = $1`,
      [snapshot.id],
    );
    expect(n).toBe(11);
  });

  it('follows connection withdrawals: a withdrawn connection is refused naming the field', async () => {
    const accepted = await rpc.request<SubmissionCreate.Response>(SubmissionCreate.subject, {
      caller: applicant,
      applicationId: snapshot.id,
      body: { form: 'A-08-1', fields: { connectionId, viaLgpki: false } },
      file: await upload(),
    });
    expect(accepted).toMatchObject({ series: 1, round: 1 });
    await rpc.request('documents.submission.review', {
      caller: operator,
      submissionId: accepted.id,
      body: { decision: 'returned', reasons: [{ message: 'x' }] },
    });
    await consumer.apply(
      event(AccessEvents.ConnectionWithdrawn, {
        connectionId,
        contractorId,
        environment: 'test',
        method: 'lgwan',
        cidrs: [],
      }),
    );
    const refused = await rpc
      .request(SubmissionCreate.subject, {
        caller: applicant,
        applicationId: snapshot.id,
        body: { form: 'A-08-1', fields: { connectionId, viaLgpki: false } },
        file: await upload(),
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'SUBMISSION_CONNECTION_WITHDRAWN',
      errors: [{ field: 'fields.connectionId' }],
    });
  });

  it('records a file only when the object is in the bucket with the size and digest reported', async () => {
    const ref = await upload();
    const refused = await rpc
      .request(SubmissionCreate.subject, {
        caller: applicant,
        applicationId: snapshot.id,
        body: { form: 'A-03-4', fields: {} },
        file: { ...ref, sha256: 'a'.repeat(64) },
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'FILE_NOT_STORED' });
    const [{ n }]: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM submission WHERE form_code = 'A-03-4'`,
    );
    expect(n).toBe(0);
  });
});
