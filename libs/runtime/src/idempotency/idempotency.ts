import type { Caller } from '@jlis/contracts';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../errors/domain-error';

export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * `Idempotency-Key` for creating commands, stored by the service that owns the command in the same
 * transaction as the command's effect. The same key from the same caller answers the stored response
 * (across restarts); the same key with another body is refused. A concurrent twin waits on the row lock
 * and then answers the stored response.
 */
export async function withIdempotency<T>(
  manager: EntityManager,
  caller: Caller,
  key: string | undefined,
  body: unknown,
  run: () => Promise<T>,
): Promise<{ response: T; replayed: boolean }> {
  if (!key) return { response: await run(), replayed: false };
  const hash = requestHash(body);
  const claimed: unknown[] = await manager.query(
    `INSERT INTO idempotency_key (caller_sub, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
    [caller.sub, key, hash],
  );
  if (claimed.length === 0) {
    const [stored]: { request_hash: string; response: T }[] = await manager.query(
      `SELECT request_hash, response FROM idempotency_key WHERE caller_sub = $1 AND key = $2`,
      [caller.sub, key],
    );
    if (stored.request_hash !== hash) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
      );
    }
    return { response: stored.response, replayed: true };
  }
  const response = await run();
  await manager.query(`UPDATE idempotency_key SET response = $3 WHERE caller_sub = $1 AND key = $2`, [
    caller.sub,
    key,
    JSON.stringify(response),
  ]);
  return { response, replayed: false };
}
