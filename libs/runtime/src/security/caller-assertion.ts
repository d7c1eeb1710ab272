import type { Caller } from '@jlis/contracts';
import { createHash, createPrivateKey, createPublicKey, KeyObject, randomUUID, sign, verify } from 'node:crypto';
import { DomainError } from '../errors/domain-error';

/**
 * The NATS header carrying the gateway's caller assertion: a compact JWS (EdDSA) whose claims bind the caller to
 * one request — its subject, a digest of its payload, a 30-second expiry and a unique id. Services take the caller
 * from it, never from the payload (docs/security.md).
 */
export const CALLER_ASSERTION_HEADER = 'x-jlis-caller';
export const CALLER_ASSERTION_TTL_SECONDS = 30;

interface AssertionClaims {
  jti: string;
  /** The NATS subject the request was sent to. */
  sub: string;
  /** base64url SHA-256 of the payload's JSON. */
  dig: string;
  iat: number;
  exp: number;
  caller: Caller | null;
}

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** An Ed25519 public key written as its 32 raw bytes in base64url (a JWK's `x`): short enough for a variable. */
export function publicKeyFromText(text: string): KeyObject {
  const raw = Buffer.from(text, 'base64url');
  if (raw.length !== 32 || raw.toString('base64url') !== text) {
    throw new Error('an Ed25519 public key is 43 base64url characters (its 32 raw bytes)');
  }
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The text form of publicKeyFromText, from a public or a private key. */
export function publicKeyText(key: KeyObject): string {
  const spki = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32).toString('base64url');
}

/** A short id of a public key, named in each assertion's header so services pick the key (several during rotation). */
export function keyIdOf(publicKey: string): string {
  return createHash('sha256').update(publicKey).digest('base64url').slice(0, 16);
}

/** Ed25519 private key from PKCS#8 PEM (`openssl genpkey -algorithm ed25519`). */
export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an Ed25519 key is needed, not ${key.asymmetricKeyType}`);
  return key;
}

/**
 * Digest of a request payload as JSON. The gateway hashes the object it sends and a service the object it parsed:
 * JSON parsed and written again is the same text, so both sides agree without the raw bytes.
 */
export function payloadDigest(payload: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(payload) ?? '')
    .digest('base64url');
}

function headerOf(kid: string): string {
  return Buffer.from(JSON.stringify({ alg: 'EdDSA', kid, typ: 'jlis-caller+jwt' })).toString('base64url');
}

function callerOnly(caller: Caller): Caller {
  const { sub, role, org, contractor, name } = caller;
  return {
    sub,
    role,
    ...(org === undefined ? {} : { org }),
    ...(contractor === undefined ? {} : { contractor }),
    ...(name === undefined ? {} : { name }),
  };
}

/** The gateway's side: signs one assertion per request with its private key (a KeyObject made once, at start). */
export class CallerAssertionSigner {
  readonly publicKey: string;
  readonly kid: string;
  private readonly header: string;

  constructor(
    private readonly privateKey: KeyObject,
    private readonly now: () => number = Date.now,
  ) {
    this.publicKey = publicKeyText(privateKey);
    this.kid = keyIdOf(this.publicKey);
    this.header = headerOf(this.kid);
  }

  sign(subject: string, payload: unknown, caller: Caller | null | undefined): string {
    const iat = Math.floor(this.now() / 1000);
    const claims: AssertionClaims = {
      jti: randomUUID(),
      sub: subject,
      dig: payloadDigest(payload),
      iat,
      exp: iat + CALLER_ASSERTION_TTL_SECONDS,
      caller: caller ? callerOnly(caller) : null,
    };
    const input = `${this.header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${input}.${sign(null, Buffer.from(input), this.privateKey).toString('base64url')}`;
  }
}

/** Ids of accepted assertions until they expire; kept per instance in memory (no database write per request). */
class SeenIds {
  private readonly expiries = new Map<string, number>();

  /** False when `id` was seen before. Entries arrive in about expiry order, so pruning stops at the first live one. */
  add(id: string, expiresAtMs: number, nowMs: number): boolean {
    for (const [seen, expiry] of this.expiries) {
      if (expiry > nowMs) break;
      this.expiries.delete(seen);
    }
    if (this.expiries.has(id)) return false;
    this.expiries.set(id, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }
}

const refuse = (code: 'MISSING' | 'INVALID' | 'EXPIRED' | 'REPLAYED', sentence: string): DomainError =>
  new DomainError(`CALLER_ASSERTION_${code}`, sentence);

/**
 * A service's side: checks the assertion of each request against the gateway's public keys (several during a
 * rotation), the request's subject and payload, the expiry and the ids already seen, and returns the caller it names.
 */
export class CallerAssertionVerifier {
  /** Header text → key: an assertion's header is fixed per key, so finding the key needs no JSON parsing. */
  private readonly keys = new Map<string, KeyObject>();
  private readonly seen = new SeenIds();

  constructor(
    publicKeys: readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    for (const text of publicKeys) this.keys.set(headerOf(keyIdOf(text)), publicKeyFromText(text));
    if (this.keys.size === 0) throw new Error('a caller assertion verifier needs at least one public key');
  }

  get remembered(): number {
    return this.seen.size;
  }

  /** The asserted caller (null: the gateway asserted no caller), or a DomainError with a CALLER_ASSERTION_* code. */
  verify(token: string | undefined, subject: string, payload: unknown): Caller | null {
    if (!token) throw refuse('MISSING', 'The request carries no caller assertion; only the gateway may send requests.');
    const [header, body, signature, extra] = token.split('.');
    const key = this.keys.get(header);
    if (!key || body === undefined || signature === undefined || extra !== undefined) {
      throw refuse('INVALID', 'The caller assertion is not signed with a key of the gateway this service knows.');
    }
    if (!verify(null, Buffer.from(`${header}.${body}`), key, Buffer.from(signature, 'base64url'))) {
      throw refuse('INVALID', 'The caller assertion does not carry a valid signature of the gateway.');
    }
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as AssertionClaims;
    if (claims.sub !== subject) throw refuse('INVALID', 'The caller assertion was made for another request subject.');
    if (claims.dig !== payloadDigest(payload))
      throw refuse('INVALID', 'The caller assertion was made for another request payload.');
    const nowMs = this.now();
    if (!(claims.exp - claims.iat <= CALLER_ASSERTION_TTL_SECONDS))
      throw refuse('INVALID', 'The caller assertion claims a longer life than the gateway gives.');
    if (!(nowMs < claims.exp * 1000)) throw refuse('EXPIRED', 'The caller assertion has expired.');
    if (typeof claims.jti !== 'string' || !this.seen.add(claims.jti, claims.exp * 1000, nowMs)) {
      throw refuse('REPLAYED', 'The caller assertion was already used; each request needs its own.');
    }
    return claims.caller;
  }
}
