import { Caller, Roles } from '@jlis/contracts';
import { DomainError, isUnavailable } from '@jlis/runtime';
import { createSecretKey, KeyObject } from 'node:crypto';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  JWTPayload,
  jwtVerify,
  JWTVerifyGetKey,
  JWTVerifyOptions,
} from 'jose';
import { GatewayConfig } from '../gateway.config';
import { VerifiedToken, VerifiedTokenCache } from './verified-token-cache';

/**
 * Algorithms a key from the JWKS may sign with: asymmetric only. A symmetric algorithm (HS256) through a JWKS would
 * let anyone who can read the JWKS — it is public — mint tokens, and `none` signs nothing.
 */
export const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

/**
 * Verifies bearer tokens. Production: signed by a key of the identity provider's JWKS with an asymmetric algorithm.
 * Development tokens (HS256 with JWT_SECRET or its development default) only when AUTH_MODE=development was set
 * explicitly. Every token must carry `exp`; `iss` and `aud` are checked whenever configured; clock skew is bounded
 * by JWT_CLOCK_SKEW_SECONDS. A token verified a moment ago is taken from a short cache (decision 270) while its
 * exp/nbf hold and, for a JWKS token, while the JWKS still gives the key that verified it.
 */
export class JwtVerifier {
  private readonly jwks?: JWTVerifyGetKey;
  /** Imported once: handing jose the raw bytes made it import the key again on every call. */
  private readonly secret?: KeyObject;
  private readonly options: JWTVerifyOptions;

  constructor(
    config: GatewayConfig,
    private readonly verified = new VerifiedTokenCache(config.JWT_CLOCK_SKEW_SECONDS),
  ) {
    this.options = {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      clockTolerance: config.JWT_CLOCK_SKEW_SECONDS,
      requiredClaims: ['exp'],
    };
    if (config.JWKS_URL) this.jwks = createRemoteJWKSet(new URL(config.JWKS_URL));
    if (config.developmentAuth) this.secret = createSecretKey(Buffer.from(config.jwtSecret(), 'utf8'));
  }

  async verify(token: string): Promise<Caller> {
    let claims: JWTPayload;
    let checkedWith: Pick<VerifiedToken, 'header' | 'key'>;
    try {
      const hit = this.verified.get(token);
      if (hit && (await this.keyStillGiven(hit))) return { ...hit.caller };
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256' && this.secret) {
        const result = await jwtVerify(token, this.secret, { ...this.options, algorithms: ['HS256'] });
        claims = result.payload;
        checkedWith = { header: result.protectedHeader, key: this.secret };
      } else if (this.jwks) {
        const result = await jwtVerify(token, this.jwks, { ...this.options, algorithms: JWKS_ALGORITHMS });
        claims = result.payload;
        checkedWith = { header: result.protectedHeader, key: result.key };
      } else {
        throw new Error(`no key for ${String(alg)}`);
      }
    } catch (error) {
      if (keysUnreachable(error)) {
        throw new DomainError(
          'SERVICE_UNAVAILABLE',
          'The keys that sign tokens cannot be fetched right now, so the token cannot be checked; try again shortly.',
        );
      }
      throw new DomainError('UNAUTHENTICATED', `The bearer token ${reasonOf(error)}. Sign in again.`);
    }
    const caller = callerFromClaims(claims);
    // requiredClaims makes exp present; jose refused the token unless exp and nbf are numbers.
    this.verified.set(token, { ...checkedWith, caller: { ...caller }, exp: claims.exp!, nbf: claims.nbf });
    return caller;
  }

  /**
   * A cached token is taken only with the key that verified it: the development secret, or the key the JWKS gives
   * for its header now. Asking the JWKS again also lets jose refresh the set when it is due, as every full
   * verification does; a key that left the set (a new set holds new key objects) sends the token back to a full
   * verification, which refuses it or checks it with the key that replaced it.
   */
  private async keyStillGiven(hit: VerifiedToken): Promise<boolean> {
    if (this.secret && hit.key === this.secret) return true;
    if (!this.jwks) return false;
    try {
      return (await this.jwks(hit.header, { payload: '', signature: '' })) === hit.key;
    } catch (error) {
      // Several keys of the refreshed set fit the header: the full verification answers as it would without the cache.
      if ((error as { code?: string }).code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') return false;
      throw error;
    }
  }
}

/** The identity provider's JWKS did not answer (or not with keys): not the token's fault, so 503, not 401. */
function keysUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    code === 'ERR_JWKS_TIMEOUT' ||
    (code === 'ERR_JOSE_GENERIC' && /JSON Web Key Set/.test(message ?? '')) ||
    isUnavailable(error)
  );
}

/** Why a token was refused, in words a portal can show (never a library's message). */
function reasonOf(error: unknown): string {
  const { code, claim } = (error ?? {}) as { code?: string; claim?: string };
  if (code === 'ERR_JWT_EXPIRED') return 'has expired';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    if (claim === 'exp') return 'has no expiry (exp); tokens without one are refused';
    if (claim === 'iss') return 'was issued by another issuer';
    if (claim === 'aud') return 'was issued for another audience';
    if (claim === 'nbf' || claim === 'iat') return 'is not valid yet';
  }
  return 'is not valid';
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
  // The person's name shown on approvals and documents; a token without one still signs in (decisions ask for it).
  if (typeof claims.name === 'string' && claims.name.trim()) caller.name = claims.name.trim().slice(0, 100);
  return caller;
}
