import type { TaskDuration } from './metric-source';

/**
 * The run time of finished tasks, by id: created to completed (a cancelled task's last update
 * when it has no completion time). One statement for every task that finished since the last
 * scrape, by primary key.
 */
export const taskDurationsSql = (schema: string): string =>
  `SELECT namespace, name, status,
          EXTRACT(EPOCH FROM (COALESCE(completed_at, updated_at) - created_at))::float8 AS seconds
   FROM ${schema}.tasks WHERE id = ANY($1::uuid[])
     AND status IN ('complete', 'error', 'cancelled', 'resolved_manually')`;

/** A row of {@link taskDurationsSql}. */
export interface TaskDurationRow {
  namespace: string;
  name: string;
  status: string;
  seconds: number | string;
}

/** The rows as durations (PGlite and pg may return the float as a string); negative clock skew reads as 0. */
export function toTaskDurations(rows: readonly TaskDurationRow[]): TaskDuration[] {
  return rows.map((row) => ({
    namespace: row.namespace,
    name: row.name,
    status: row.status,
    seconds: Math.max(Number(row.seconds), 0),
  }));
}
