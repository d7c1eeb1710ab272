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
