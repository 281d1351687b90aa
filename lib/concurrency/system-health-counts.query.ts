import { ConcurrencyMeasurementError } from './concurrency-measurement.error';
import type { LoadCounts } from './system-load';

/**
 * Exact task and step counts by status (migrations: `system_health_counts()`). It scans both
 * tables, so callers cache the result: the concurrency provider runs it at most once per
 * `concurrency.cacheTtlMs`.
 */
export const systemHealthCountsSql = (schema: string): string => `SELECT * FROM ${schema}.system_health_counts()`;

/** A row of `system_health_counts()`; node-postgres returns bigint columns as strings. */
export type SystemHealthCountsRow = Record<string, unknown>;

/** `system_health_counts()` with numbers. */
export interface SystemHealthCounts extends LoadCounts {
  completeTasks: number;
  errorTasks: number;
  cancelledTasks: number;
  resolvedManuallyTasks: number;
  waitingForRetrySteps: number;
  completeSteps: number;
  errorSteps: number;
  cancelledSteps: number;
  resolvedManuallySteps: number;
  retryableErrorSteps: number;
  exhaustedRetrySteps: number;
  inBackoffSteps: number;
  activeConnections: number;
  maxConnections: number;
}

const COLUMNS: Readonly<Record<keyof SystemHealthCounts, string>> = {
  totalTasks: 'total_tasks',
  pendingTasks: 'pending_tasks',
  inProgressTasks: 'in_progress_tasks',
  completeTasks: 'complete_tasks',
  errorTasks: 'error_tasks',
  cancelledTasks: 'cancelled_tasks',
  resolvedManuallyTasks: 'resolved_manually_tasks',
  totalSteps: 'total_steps',
  pendingSteps: 'pending_steps',
  inProgressSteps: 'in_progress_steps',
  waitingForRetrySteps: 'waiting_for_retry_steps',
  completeSteps: 'complete_steps',
  errorSteps: 'error_steps',
  cancelledSteps: 'cancelled_steps',
  resolvedManuallySteps: 'resolved_manually_steps',
  retryableErrorSteps: 'retryable_error_steps',
  exhaustedRetrySteps: 'exhausted_retry_steps',
  inBackoffSteps: 'in_backoff_steps',
  activeConnections: 'active_connections',
  maxConnections: 'max_connections',
};

/**
 * Converts the function's row (bigint strings on pg, numbers on PGlite) to numbers. Throws
 * `ConcurrencyMeasurementError` when the row is missing or a count is not a non-negative integer.
 */
export function parseSystemHealthCounts(row: SystemHealthCountsRow | undefined): SystemHealthCounts {
  if (row === undefined || row === null || typeof row !== 'object') {
    throw new ConcurrencyMeasurementError('system_health_counts() returned no row');
  }
  const counts = {} as Record<keyof SystemHealthCounts, number>;
  for (const [key, column] of Object.entries(COLUMNS) as Array<[keyof SystemHealthCounts, string]>) {
    counts[key] = toCount(column, row[column]);
  }
  return counts;
}

function toCount(column: string, value: unknown): number {
  const number =
    typeof value === 'string' && value.trim() !== ''
      ? Number(value)
      : typeof value === 'bigint'
        ? Number(value)
        : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    throw new ConcurrencyMeasurementError(`system_health_counts().${column} is not a count: ${String(value)}`);
  }
  return number;
}
