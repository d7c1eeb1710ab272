import { getDataSourceToken } from '@nestjs/typeorm';
import {
  AgreementConcludedPayload,
  ApplicationParties,
  ApplicationSnapshot,
  CardsEvents,
  corporateNumberCheckDigit,
  DocumentsEvents,
  EventEnvelope,
  eventSubject,
  HoldingsChangedPayload,
  IntakeEvents,
  SubmissionEventPayload,
} from '@jlis/contracts';
import { EventConsumer, japanDate, ManualClock } from '@jlis/runtime';
import { eventually } from '@jlis/testing';
import { JetStreamClient, NatsConnection, StringCodec } from 'nats';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestSuite } from './suite';

const sc = StringCodec();

/** A valid 法人番号 from a running number. */
export function corporateNumber(n: number): string {
  const rest = String(n).padStart(12, '0');
  return `${corporateNumberCheckDigit(rest)}${rest}`;
}

/**
 * The access service through the gateway, fed with the events of intake, documents and cards as
 * envelopes published into JetStream (the way those services' relays publish them). Intake itself is not
 * started: the cases live in `cases`, published as intake.application.* events, and the gateway's
 * case-party question (intake.application.parties) is answered from the same snapshots.
 */
export class AccessHarness {
  readonly cases = new Map<string, ApplicationSnapshot>();
  private nc!: NatsConnection;
  private intake!: NatsConnection;
  private js!: JetStreamClient;
  private version = 0;

  private constructor(
    readonly suite: TestSuite,
    readonly clock: ManualClock,
  ) {}

  static async start(now = '2026-04-01T01:00:00Z'): Promise<AccessHarness> {
    const clock = new ManualClock(new Date(now));
    const suite = await TestSuite.start({ services: ['access'], clock });
    const h = new AccessHarness(suite, clock);
    // Intake's events are published through the tests' replay identity; intake's answers with intake's own.
    h.nc = await suite.nats.connect('replay', 'access-e2e');
    h.js = h.nc.jetstream();
    h.intake = await suite.nats.connect('intake', 'access-e2e-intake');
    h.intake.subscribe(ApplicationParties.subject, {
      queue: 'intake',
      callback: (_err, msg) => {
        const packet = JSON.parse(sc.decode(msg.data)) as { id: string; data: ApplicationParties.Request };
        const snapshot = h.cases.get(packet.data.applicationId);
        const reply = snapshot
          ? {
              id: packet.id,
              response: {
                applicationId: snapshot.id,
                organizationCode: snapshot.organizationCode,
                contractorId: snapshot.contractorId,
              },
              isDisposed: true,
            }
          : {
              id: packet.id,
              err: {
                code: 'NOT_FOUND',
                status: 404,
                message: `Application ${packet.data.applicationId} was not found.`,
              },
              isDisposed: true,
            };
        msg.respond(sc.encode(JSON.stringify(reply)));
      },
    });
    await h.intake.flush();
    return h;
  }

  async stop(): Promise<void> {
    await this.nc?.drain().catch(() => undefined);
    await this.intake?.drain().catch(() => undefined);
    await this.suite.destroy();
  }

  get ds(): DataSource {
    return this.suite.app('access').get<DataSource>(getDataSourceToken());
  }

  get consumer(): EventConsumer {
    return this.suite.app('access').get(EventConsumer);
  }

  token(role: 'operator' | 'applicant' | 'contractor', id?: string, sub?: string): Promise<string> {
    if (role === 'applicant') return this.suite.token({ role, org: id, sub });
    if (role === 'contractor') return this.suite.token({ role, contractor: id, sub });
    return this.suite.token({ role, sub: sub ?? 'op-1' });
  }

  /** Publishes an envelope into JetStream and waits until access has applied it (its inbox row). */
  async publish<P>(
    type: string,
    payload: P,
    applicationId: string | undefined,
    aggregateId?: string,
  ): Promise<EventEnvelope<P>> {
    const envelope: EventEnvelope<P> = {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: this.clock.now().toISOString(),
      actor: { sub: 'e2e', role: 'system' },
      correlationId: randomUUID(),
      applicationId,
      aggregateId: aggregateId ?? applicationId ?? randomUUID(),
      aggregateVersion: ++this.version,
      payload,
    };
    await this.js.publish(eventSubject(type), sc.encode(JSON.stringify(envelope)), { msgID: envelope.id });
    await eventually(
      async () =>
        (await this.ds.query<unknown[]>(`SELECT 1 FROM access.inbox WHERE event_id = $1`, [envelope.id])).length > 0,
    );
    return envelope;
  }

  async newCase(organizationCode: string, contractorId: string | null, wantsOnlineTest = true): Promise<string> {
    const id = randomUUID();
    const snapshot: ApplicationSnapshot = {
      id,
      organizationCode,
      organizationName: `団体${organizationCode}`,
      verifierName: `${organizationCode} 署名検証者`,
      verifierKinds: ['signature'],
      department: '情報政策課',
      status: 'qualified',
      contractorId,
      wantsOnlineTest,
      contacts: [],
      requestedAt: this.clock.now().toISOString(),
    };
    this.cases.set(id, snapshot);
    await this.publish(IntakeEvents.ApplicationQualified, { application: snapshot }, id);
    return id;
  }

  /** intake's word that the case's test is finished (what a production grant of an online-test case needs). */
  async testFinished(applicationId: string): Promise<void> {
    const snapshot = { ...this.cases.get(applicationId)!, testCompletedOn: japanDate(this.clock.now()) };
    this.cases.set(applicationId, snapshot);
    await this.publish(IntakeEvents.ApplicationTestCompleted, { application: snapshot }, applicationId);
  }

  async accept(
    applicationId: string,
    form: string,
    fields: Record<string, unknown> = {},
    extra: Partial<SubmissionEventPayload> = {},
  ): Promise<string> {
    const submissionId = randomUUID();
    await this.publish<SubmissionEventPayload>(
      DocumentsEvents.SubmissionAccepted,
      {
        submissionId,
        applicationId,
        form,
        series: 1,
        round: 1,
        fields,
        ...(form === 'A-11-2' ? { sealConfirmed: true } : {}),
        ...extra,
      },
      applicationId,
      submissionId,
    );
    return submissionId;
  }

  /** A version of the case's agreement, as documents publishes it: every version has an id of its own. */
  async agreement(applicationId: string, effectiveFrom: string, version: number): Promise<string> {
    const agreementId = randomUUID();
    await this.publish<AgreementConcludedPayload>(
      DocumentsEvents.AgreementConcluded,
      { applicationId, agreementId, version, signedOn: '2026-04-01', effectiveFrom },
      applicationId,
      agreementId,
    );
    return agreementId;
  }

  async holdings(applicationId: string, unitsOut: number): Promise<void> {
    await this.publish<HoldingsChangedPayload>(CardsEvents.HoldingsChanged, { applicationId, unitsOut }, applicationId);
  }

  /** The events access wrote to its outbox, oldest first. */
  async outbox(type: string): Promise<EventEnvelope<Record<string, unknown>>[]> {
    const rows: { envelope: EventEnvelope<Record<string, unknown>> }[] = await this.ds.query(
      `SELECT envelope FROM access.outbox WHERE type = $1 ORDER BY seq`,
      [type],
    );
    return rows.map((r) => r.envelope);
  }
}
