import type { ApplicationSnapshot, EventEnvelope } from '@jlis/contracts';
import { webhookPayload } from './webhook-payload';

const snapshot = {
  id: '11111111-1111-4111-8111-111111111111',
  organizationCode: '131016',
  receptionNumber: 'JPKI-2026-00007',
  contacts: [{ name: '山田 太郎', email: 'yamada@city.example.lg.jp' }],
} as unknown as ApplicationSnapshot;

const event = (payload: Record<string, unknown>): EventEnvelope<Record<string, unknown>> => ({
  id: '22222222-2222-4222-8222-222222222222',
  type: 'documents.submission.returned',
  version: 1,
  occurredAt: '2026-12-01T00:00:00.000Z',
  actor: { sub: 'op', role: 'operator' },
  correlationId: 'c',
  applicationId: snapshot.id,
  aggregateId: '33333333-3333-4333-8333-333333333333',
  aggregateVersion: 2,
  payload,
});

describe(webhookPayload.name, () => {
  it('names the case by its 受付番号 and ids, and carries the ids of the event, not its content', () => {
    const sut = webhookPayload(
      event({
        submissionId: '33333333-3333-4333-8333-333333333333',
        applicationId: snapshot.id,
        fields: { secret: 'x' },
        reasons: [{ message: '押印がありません' }],
      }),
      snapshot,
      5,
      4711,
    );
    expect(sut).toEqual({
      eventId: '22222222-2222-4222-8222-222222222222',
      type: 'documents.submission.returned',
      occurredAt: '2026-12-01T00:00:00.000Z',
      case: { applicationId: snapshot.id, receptionNumber: 'JPKI-2026-00007', organizationCode: '131016' },
      ids: {
        aggregateId: '33333333-3333-4333-8333-333333333333',
        submissionId: '33333333-3333-4333-8333-333333333333',
        applicationId: snapshot.id,
      },
      caseVersion: 5,
      consistencyToken: '4711',
    });
    expect(JSON.stringify(sut)).not.toContain('押印');
    expect(JSON.stringify(sut)).not.toContain('yamada');
  });

  it('says null for a case intake has not numbered', () => {
    const { receptionNumber: _, ...unnumbered } = snapshot as ApplicationSnapshot & { receptionNumber: string };
    expect(webhookPayload(event({}), unnumbered, null, 1).case.receptionNumber).toBeNull();
  });
});
