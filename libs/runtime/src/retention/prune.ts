import type { DataSource } from 'typeorm';

/** Rows of one table that are kept only for a while: those whose `column` is older than `olderThanMs` go. */
export interface PruneRule {
  table: string;
  /** A timestamptz column; rows where it is null are kept. */
  column: string;
  olderThanMs: number;
}

/** Rows deleted per statement: short transactions, no long lock on a busy table. */
const PRUNE_BATCH = 1000;

/**
 * The one prune pattern: delete what is past its retention in batches, each its own short statement, until a batch
 * comes back short. Postgres's clock decides, so every instance agrees. Returns how many rows went.
 */
export async function prune(dataSource: DataSource, rule: PruneRule): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted: unknown[] = await dataSource.query(
      `DELETE FROM ${rule.table} WHERE ctid IN (
         SELECT ctid FROM ${rule.table} WHERE ${rule.column} < now() - make_interval(secs => $1) LIMIT $2)
       RETURNING 1`,
      [rule.olderThanMs / 1000, PRUNE_BATCH],
    );
    total += deleted.length;
    if (deleted.length < PRUNE_BATCH) return total;
  }
}
