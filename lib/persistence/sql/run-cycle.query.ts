/**
 * One worker round trip through run_cycle (migrations/sql/run-cycle.function.ts): apply the
 * finished outcomes, claim due steps, announce leftovers. Plain parameters, one statement.
 * $1 worker, $2 lease ms, $3 claim limit, $4 ready channel, $5.. outcome arrays.
 */
export const runCycleSql = (schema: string): string =>
  `SELECT * FROM ${schema}.run_cycle($1, $2, $3, $4, $5::uuid[], $6::int[], $7::text[], $8::jsonb[], $9::jsonb[], $10::int[])`;

/** The outcome of one run, as the cycle writes it. */
export type OutcomeKind = 'complete' | 'retry' | 'error';

/** A row of run_cycle or expire_leases. */
export interface CycleRow {
  kind: 'step' | 'task' | 'claimed';
  step_id: string | null;
  task_id: string;
  status: string | null;
  attempt: number | null;
  named_task_id: number | null;
  step_name: string | null;
  max_attempts?: number | null;
  retryable?: boolean | null;
  timeout_ms?: number | null;
  context?: Record<string, unknown> | null;
  prior_results?: Record<string, unknown> | null;
  error: { message: string; code: string | null; type: string } | null;
  /** For a step row moved to waiting_for_retry: the delay before it is due. */
  retry_in_ms?: number | null;
}

/** Extends the leases this worker holds; returns the ids it still holds. $1 worker, $2 ids, $3 lease ms. */
export const heartbeatSql = (schema: string): string => `SELECT step_id FROM ${schema}.heartbeat($1, $2::uuid[], $3)`;

/**
 * Turns runs whose lease expired into failed attempts. $1 sweeper id, $2 limit, $3 base ms,
 * $4 multiplier, $5 max ms (the module backoff, for steps without their own).
 */
export const expireLeasesSql = (schema: string): string =>
  `SELECT * FROM ${schema}.expire_leases($1, $2, $3, $4, $5)`;
