import { ApplicationSnapshot, ContactSnapshot, EventEnvelope, eventSubject } from '@jlis/contracts';
import type { TestNats } from '@jlis/testing';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import type { Letterhead } from '../mail/templates';

/**
 * Stands in for the other services: publishes their events into JetStream as their relays would (subject
 * `evt.<type>`, message id = event id), through the tests' replay identity, which may publish any event.
 */
export class TestProducer {
  private constructor(private readonly nc: NatsConnection) {}

  static async start(nats: TestNats): Promise<TestProducer> {
    return new TestProducer(await nats.connect('replay', 'notifications-test-producer'));
  }

  async emit<P>(
    type: string,
    payload: P,
    opts: { applicationId?: string; aggregateId?: string; aggregateVersion?: number } = {},
  ): Promise<EventEnvelope<P>> {
    const envelope: EventEnvelope<P> = {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      actor: { sub: 'system', role: 'system' },
      correlationId: randomUUID(),
      applicationId: opts.applicationId,
      aggregateId: opts.aggregateId ?? opts.applicationId ?? randomUUID(),
      aggregateVersion: opts.aggregateVersion ?? 1,
      payload,
    };
    await this.nc.jetstream().publish(eventSubject(type), JSON.stringify(envelope), { msgID: envelope.id });
    return envelope;
  }

  close(): Promise<void> {
    return this.nc.close();
  }
}

/** J-LIS's letterhead as configuration gives it (NotificationsConfig.letterhead). */
export function letterhead(overrides: Partial<Letterhead> = {}): Letterhead {
  return {
    portalUrl: 'https://portal.example.jp/',
    contactEmail: 'jpki@j-lis.example.jp',
    contactPhone: '03-1234-5000',
    contactHours: '平日 9:00～17:00',
    cardReturnAddress: '〒100-0000 東京都千代田区〇〇1-2-3 個人番号センター公的個人認証部 宛',
    lgwanCenter: { internet: 'LGPKI@j-lis.go.jp', lgwan: 'cvs-info@j-lis.lgwan.jp' },
    ...overrides,
  };
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
    receptionNumber: 'JPKI-2026-00042',
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
