/** The gateway's token settings (GatewayConfig), checked together at boot. */
export interface TokenSettings {
  developmentAuth: boolean;
  JWT_SECRET?: string;
  JWKS_URL?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Sentences for GatewayConfig.crossCheck. Without AUTH_MODE=development the gateway verifies tokens with the identity
 * provider's JWKS only, so it needs JWKS_URL, JWT_ISSUER and JWT_AUDIENCE and refuses a JWT_SECRET (an HS256 secret
 * shared with whoever mints tokens is a development convenience, not a production setting).
 */
export function tokenSettingProblems(settings: TokenSettings): string[] {
  const problems: string[] = [];
  const { JWKS_URL, JWT_ISSUER, JWT_AUDIENCE } = settings;
  if (JWKS_URL && !(JWT_ISSUER && JWT_AUDIENCE)) {
    problems.push(
      'JWKS_URL, JWT_ISSUER and JWT_AUDIENCE must be set together: tokens are accepted for one issuer and audience.',
    );
  }
  if (JWKS_URL) {
    const url = new URL(JWKS_URL);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
      problems.push(`JWKS_URL must be an https:// URL (http:// only on loopback) (got ${JSON.stringify(JWKS_URL)}).`);
    }
  }
  if (!settings.developmentAuth) {
    if (!JWKS_URL) {
      problems.push(
        'Set JWKS_URL, JWT_ISSUER and JWT_AUDIENCE (the identity provider that signs tokens), or AUTH_MODE=development on a developer machine to accept development tokens.',
      );
    }
    if (settings.JWT_SECRET) {
      problems.push('JWT_SECRET signs development tokens and is refused unless AUTH_MODE=development is set.');
    }
  }
  return problems;
}
