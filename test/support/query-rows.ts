import type { QueryRunner } from 'typeorm';

/**
 * Runs `sql` on a TypeORM query runner and types its rows as `R`, as pg's `query<R>()` does:
 * `QueryRunner.query` itself answers `any`.
 */
export async function queryRows<R>(
  runner: Pick<QueryRunner, 'query'>,
  sql: string,
  parameters?: unknown[],
): Promise<R[]> {
  const rows: unknown = await runner.query(sql, parameters);
  if (!Array.isArray(rows)) throw new Error(`Expected rows from: ${sql}`);
  return rows as R[];
}
