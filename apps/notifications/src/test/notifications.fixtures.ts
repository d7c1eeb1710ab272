import { INestMicroservice, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ApplicationSnapshot, ContactSnapshot, EventEnvelope } from '@jlis/contracts';
import { loadConfig, Outbox, ServiceConfig, ServiceRuntimeModule, startService } from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * A tiny producer standing in for the other services: it writes events into its own outbox (schema
 * `intake` of the test database), and the real relay publishes them to JetStream.
 */
export class TestProducer {
  private constructor(
    readonly app: INestMicroservice,
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
  ) {}

  static async start(env: Record<string, string>): Promise<TestProducer> {
    const config = loadConfig(ServiceConfig, env);
    @Module({ imports: [ServiceRuntimeModule.forRoot({ service: 'intake', config, entities: [], migrations: [] })] })
    class ProducerModule {}
    const app = await startService('intake', ProducerModule, config);
    return new TestProducer(app, app.get<DataSource>(getDataSourceToken()), app.get(Outbox));
  }

  emit<P>(
    type: string,
    payload: P,
    opts: { applicationId?: string; aggregateId?: string; aggregateVersion?: number } = {},
  ): Promise<EventEnvelope<P>> {
    return this.ds.transaction((m) =>
      this.outbox.add(m, {
        type,
        payload,
        applicationId: opts.applicationId,
        aggregateId: opts.aggregateId ?? opts.applicationId ?? randomUUID(),
        aggregateVersion: opts.aggregateVersion ?? 1,
      }),
    );
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

export function contact(overrides: Partial<ContactSnapshot> = {}): ContactSnapshot {
  return {
    role: 'primary',
    name: '山田 太郎',
    department: '情報政策課',
    phone: '03-1234-5678',
    email: 'yamada@city.example.lg.jp',
    ...overrides,
  };
}

export function snapshot(overrides: Partial<ApplicationSnapshot> = {}): ApplicationSnapshot {
  return {
    id: randomUUID(),
    organizationCode: '131016',
    organizationName: '千代田区',
    verifierName: '千代田区電子申請署名検証システム',
    verifierKinds: ['signature'],
    department: '情報政策課',
    status: 'requested',
    contractorId: null,
    wantsOnlineTest: true,
    contacts: [
      contact(),
      contact({ role: 'secondary', name: '佐藤 花子', phone: '03-1234-0000', email: 'sato@city.example.lg.jp' }),
    ],
    requestedAt: '2026-11-26T00:30:00.000Z',
    ...overrides,
  };
}
