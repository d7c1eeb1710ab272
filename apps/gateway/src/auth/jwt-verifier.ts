import { Caller, Roles } from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';
import { createRemoteJWKSet, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { GatewayConfig } from '../gateway.config';

/** Verifies bearer tokens: HS256 with a shared secret in development, a JWKS with issuer and audience in production. */
export class JwtVerifier {
  private readonly jwks?: JWTVerifyGetKey;
  private readonly secret: Uint8Array;

  constructor(private readonly config: GatewayConfig) {
    this.secret = new TextEncoder().encode(config.jwtSecret());
    if (config.JWKS_URL) this.jwks = createRemoteJWKSet(new URL(config.JWKS_URL));
  }

  async verify(token: string): Promise<Caller> {
    let claims: JWTPayload;
    try {
      claims = this.jwks
        ? (await jwtVerify(token, this.jwks, { issuer: this.config.JWT_ISSUER, audience: this.config.JWT_AUDIENCE }))
            .payload
        : (await jwtVerify(token, this.secret, { algorithms: ['HS256'] })).payload;
    } catch (error) {
      const reason =
        error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED' ? 'has expired' : 'is not valid';
      throw new DomainError('UNAUTHENTICATED', `The bearer token ${reason}. Sign in again.`);
    }
    return callerFromClaims(claims);
  }
}

/** The claims of api.md → a Caller, refusing tokens that lack what their role needs. */
export function callerFromClaims(claims: JWTPayload): Caller {
  const role = claims.role as Caller['role'];
  if (typeof claims.sub !== 'string' || !claims.sub)
    throw new DomainError('UNAUTHENTICATED', 'The token has no subject (sub).');
  if (!Roles.includes(role))
    throw new DomainError('UNAUTHENTICATED', `The token's role must be one of ${Roles.join(', ')}.`);
  const caller: Caller = { sub: claims.sub, role };
  if (role === 'applicant') {
    if (typeof claims.org !== 'string' || !/^\d{6}$/.test(claims.org)) {
      throw new DomainError('UNAUTHENTICATED', 'An applicant token must carry org, the 6-digit local government code.');
    }
    caller.org = claims.org;
  }
  if (role === 'contractor') {
    if (typeof claims.contractor !== 'string' || !claims.contractor) {
      throw new DomainError('UNAUTHENTICATED', 'A contractor token must carry contractor, the contractor id.');
    }
    caller.contractor = claims.contractor;
  }
  return caller;
}
