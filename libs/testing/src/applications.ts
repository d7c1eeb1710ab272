/**
 * The body of an A-1 (`POST /api/v1/applications`) as a local government sends it, for tests: one organisation, one
 * verifier name, the signature kind and a contact unless `overrides` say otherwise.
 */
export function applicationRequest(
  organizationCode: string,
  verifierName: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    organizationCode,
    verifierName,
    verifierKinds: ['signature'],
    department: '総務部情報政策課',
    contact: { name: '山田 太郎', phone: '03-1234-5678', email: 'yamada@city.example.lg.jp' },
    ...overrides,
  };
}

/** A case as intake's events carry it (`application` of an `intake.application.*` payload), for unit tests. */
export function applicationSnapshot(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '0b6f2f4e-3c1a-4d0e-9a57-3f1d2c4b5a60',
    receptionNumber: 'JPKI-2026-00042',
    organizationCode: '131016',
    organizationName: '千代田区',
    verifierName: '千代田区',
    verifierKinds: ['signature'],
    department: '政策経営部情報政策課',
    status: 'qualified',
    contractorId: null,
    wantsOnlineTest: true,
    testCompletedOn: null,
    contacts: [{ role: 'primary', name: '山田 太郎', phone: '03-3264-2111', email: 'jpki@city.example.lg.jp' }],
    requestedAt: '2026-04-01T01:00:00.000Z',
    ...overrides,
  };
}

/** An event as a consumer receives it, of `type` with `payload`, about the case `applicationId`, for unit tests. */
export function eventEnvelope(
  type: string,
  payload: Record<string, unknown>,
  applicationId = '0b6f2f4e-3c1a-4d0e-9a57-3f1d2c4b5a60',
): {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  actor: { sub: string; role: 'operator' };
  correlationId: string;
  applicationId: string;
  aggregateId: string;
  aggregateVersion: number;
  payload: Record<string, unknown>;
} {
  return {
    id: '5d1c7a0e-8f2b-4c3d-a1e9-6b7f0c2d3e4f',
    type,
    version: 1,
    occurredAt: '2026-04-01T01:05:00.000Z',
    actor: { sub: 'op-suzuki', role: 'operator' },
    correlationId: '7e2d8b1f-9a3c-4d5e-b2fa-7c8a1d3e4f50',
    applicationId,
    aggregateId: applicationId,
    aggregateVersion: 1,
    payload,
  };
}
