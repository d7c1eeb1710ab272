import { Injectable } from '@nestjs/common';
import { DomainError } from '@jlis/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayConfig } from '../gateway.config';

interface Bucket {
  tokens: number;
  at: number;
}

/** More buckets than this and the idle (full again) ones are dropped, so a scan of many addresses cannot grow memory. */
const MAX_BUCKETS = 100_000;

/**
 * Token buckets of RATE_LIMIT_PER_MINUTE requests a minute, refilled continuously, per gateway instance. A request is
 * charged once: to its caller (the token's subject) when it authenticates, else to its client address (as
 * TRUST_PROXY resolves it). An address whose bucket is empty is refused before anything else happens — before the
 * token is even verified — so a flood of bad tokens, unknown routes or anonymous calls is limited like any other.
 */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limit: number;

  constructor(config: GatewayConfig) {
    this.limit = config.RATE_LIMIT_PER_MINUTE;
  }

  /** Fastify `onRequest` hook: refuses an address with nothing left; unknown routes (no guard runs) are charged here. */
  readonly onRequest = (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    if (this.limit === 0) return done();
    const key = addressKey(request);
    const bucket = this.refill(key);
    if (bucket.tokens < 1) return done(this.refusal(bucket));
    if (request.is404) bucket.tokens -= 1;
    done();
  };

  /** Charges a request that did not authenticate (a public route, a missing or refused token) to its address. */
  chargeAddress(request: FastifyRequest): void {
    this.take(addressKey(request));
  }

  /** Charges an authenticated request to its caller. */
  chargeCaller(sub: string): void {
    this.take(`sub:${sub}`);
  }

  private take(key: string): void {
    if (this.limit === 0) return;
    const bucket = this.refill(key);
    if (bucket.tokens < 1) throw this.refusal(bucket);
    bucket.tokens -= 1;
  }

  private refill(key: string): Bucket {
    const now = Date.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.sweep(now);
      bucket = { tokens: this.limit, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.limit, bucket.tokens + ((now - bucket.at) / 60_000) * this.limit);
    bucket.at = now;
    return bucket;
  }

  /** Drops the buckets that have refilled (a minute idle); if every one is still in use, starts afresh. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= 60_000) this.buckets.delete(key);
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }

  private refusal(bucket: Bucket): DomainError {
    const retryAfterSeconds = Math.ceil(((1 - bucket.tokens) * 60) / this.limit);
    return new DomainError(
      'RATE_LIMITED',
      `Too many requests; at most ${this.limit} a minute. Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
}

function addressKey(request: FastifyRequest): string {
  return `ip:${request.ip}`;
}
