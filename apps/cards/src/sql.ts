import { EntityManager } from 'typeorm';

/** Runs an `UPDATE … RETURNING` and answers its rows (TypeORM answers UPDATE and DELETE as `[rows, affectedCount]`). */
export async function updateReturning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = await m.query<[T[], number]>(sql, params);
  return rows;
}
