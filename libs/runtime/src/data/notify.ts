import type { EntityManager, QueryRunner } from 'typeorm';

/** Channels already NOTIFYed in a transaction that asked for one NOTIFY per channel (a batch of events). */
const scopes = new WeakMap<QueryRunner, Set<string>>();

/**
 * NOTIFY `channel` (empty payload) in the caller's transaction, so listeners wake when it commits. Inside a scope opened
 * by `oneNotifyPerChannel` (a consumer's batch, many events in one transaction) only the first call per channel is sent:
 * Postgres folds identical notifications of a transaction into one anyway, so the others were round trips for nothing.
 */
export async function notifyOnCommit(manager: EntityManager, channel: string): Promise<void> {
  const sent = manager.queryRunner ? scopes.get(manager.queryRunner) : undefined;
  if (sent?.has(channel)) return;
  await manager.query(`SELECT pg_notify($1, '')`, [channel]);
  sent?.add(channel);
}

/** Runs `work` with one NOTIFY per channel in the transaction of `manager` (the caller owns that transaction). */
export async function oneNotifyPerChannel<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
  const runner = manager.queryRunner;
  if (!runner) return work();
  scopes.set(runner, new Set());
  try {
    return await work();
  } finally {
    scopes.delete(runner);
  }
}

/** After a ROLLBACK TO SAVEPOINT: the notifications sent since it are gone, so the next call sends again. */
export function forgetNotifications(manager: EntityManager): void {
  if (manager.queryRunner) scopes.get(manager.queryRunner)?.clear();
}
