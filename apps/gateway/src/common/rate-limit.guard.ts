import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '@jlis/runtime';
import { AuthedRequest } from '../auth/auth.decorators';
import { GatewayConfig } from '../gateway.config';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Per-caller token bucket (the token's subject; the client address before authentication): up to
 * RATE_LIMIT_PER_MINUTE requests a minute, refilled continuously. State is per gateway instance.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly config: GatewayConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const limit = this.config.RATE_LIMIT_PER_MINUTE;
    if (limit === 0) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const key = request.caller ? `sub:${request.caller.sub}` : `ip:${request.ip}`;
    const now = Date.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit, at: now };
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) / 60_000) * limit);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      const retryAfterSeconds = Math.ceil(((1 - bucket.tokens) * 60) / limit);
      throw new DomainError(
        'RATE_LIMITED',
        `Too many requests; at most ${limit} a minute. Try again in ${retryAfterSeconds} s.`,
        {
          retryAfterSeconds,
        },
      );
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.buckets.clear();
    return true;
  }
}
