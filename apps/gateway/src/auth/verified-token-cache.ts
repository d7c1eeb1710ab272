import { Caller } from '@jlis/contracts';
import type { JWTHeaderParameters } from 'jose';

/** How long a verified token is taken without checking its signature again (decision 270). */
export const VERIFIED_TOKEN_TTL_MS = 30_000;
/** How many verified tokens are remembered; the least recently used goes first. */
export const VERIFIED_TOKEN_MAX_ENTRIES = 2_000;

/** What a successful verification established, kept for VERIFIED_TOKEN_TTL_MS at most. */
export interface VerifiedToken {
  caller: Caller;
  /** The token's exp and nbf (seconds since the epoch): checked again on every hit. */
  exp: number;
  nbf?: number;
  /** The key object the signature was checked with; a JWKS token is taken only while the JWKS still gives it. */
  key: unknown;
  /** The token's protected header, to ask the JWKS for its key again on a hit. */
  header: JWTHeaderParameters;
}

interface Entry extends VerifiedToken {
  until: number;
}

/**
 * Tokens whose signature and claims were verified a moment ago, keyed by the exact token string: a client sends the
 * same bearer token with every request, and checking its signature was 7–9 % of the gateway's CPU. Only successes
 * are kept. A hit is still refused (and the token verified from scratch, which gives the usual reason) once the entry
 * is older than the TTL or the token's exp/nbf no longer hold on the clock of this moment, with the same clock
 * tolerance as a full verification.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clockToleranceSeconds: number,
    private readonly ttlMs = VERIFIED_TOKEN_TTL_MS,
    private readonly maxEntries = VERIFIED_TOKEN_MAX_ENTRIES,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The entry for this exact token while it is still within its TTL and its exp/nbf; otherwise undefined. */
  get(token: string): VerifiedToken | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    const nowMs = this.now();
    // The same comparisons as jose's claim checks (seconds, rounded down, with the clock tolerance).
    const seconds = Math.floor(nowMs / 1000);
    if (
      nowMs >= entry.until ||
      entry.exp <= seconds - this.clockToleranceSeconds ||
      (entry.nbf !== undefined && entry.nbf > seconds + this.clockToleranceSeconds)
    ) {
      this.entries.delete(token);
      return undefined;
    }
    // Most recently used last, so that the bound evicts the tokens nobody is sending.
    this.entries.delete(token);
    this.entries.set(token, entry);
    return entry;
  }

  set(token: string, verified: VerifiedToken): void {
    this.entries.delete(token);
    this.entries.set(token, { ...verified, until: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(token: string): void {
    this.entries.delete(token);
  }
}
