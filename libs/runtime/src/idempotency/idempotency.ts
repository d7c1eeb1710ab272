import type { Caller } from '@jlis/contracts';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';

export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * What a key is bound to besides the body: the operation (the request's subject, one per route) and the objects the
 * route names (its path parameters). Taken from the request context, which the RPC interceptor fills for every request,
 * so no command can forget it; work outside a request (a test calling a service directly) has an empty scope.
 */
export function operationHash(): string {
  const operation = RequestContext.current()?.operation;
  return requestHash(operation ? [operation.subject, operation.objectIds] : null);
}

/**
 * `Idempotency-Key` for commands, stored by the service that owns the command in the same transaction as the
 * command's effect. The same key from the same caller for the same operation on the same objects with the same body
 * answers the stored response (across restarts). The same key for another operation or object is refused
 * (IDEMPOTENCY_KEY_OTHER_REQUEST), and with another body (IDEMPOTENCY_KEY_REUSED), both 422. A concurrent twin waits
 * on the row lock and then answers the stored response. Keys are pruned after IDEMPOTENCY_TTL_HOURS (RetentionJob).
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
  const scope = operationHash();
  const claimed: unknown[] = await manager.query(
    `INSERT INTO idempotency_key (caller_sub, key, request_hash, scope_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING key`,
    [caller.sub, key, hash, scope],
  );
  if (claimed.length === 0) {
    const [stored]: { request_hash: string; scope_hash: string | null; response: T }[] = await manager.query(
      `SELECT request_hash, scope_hash, response FROM idempotency_key WHERE caller_sub = $1 AND key = $2`,
      [caller.sub, key],
    );
    // Keys stored before scopes were kept (scope_hash null) compare by body only, as they did when stored.
    if (stored.scope_hash !== null && stored.scope_hash !== scope) throw keyForOtherRequest();
    if (stored.request_hash !== hash) throw keyReused();
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

function keyForOtherRequest(): DomainError {
  return new DomainError(
    'IDEMPOTENCY_KEY_OTHER_REQUEST',
    'この Idempotency-Key は別の操作または別の対象への要求で使用済みです。新しい要求には新しいキーをお使いください。 / This Idempotency-Key was already used for another operation or object. Use a new key for a new request.',
  );
}

function keyReused(): DomainError {
  return new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    'この Idempotency-Key は内容の異なる要求で使用済みです。新しい要求には新しいキーをお使いください。 / This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
  );
}
