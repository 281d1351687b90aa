import type { SlowStep, SlowTask } from './analytics.interface';
import { toIso, toNumber, toOptionalText as optionalText, toText as text } from './sql-values';

/**
 * `slowest_tasks(since, limit, namespace, name, version)` and `slowest_steps(...)` (migration
 * 1764403200001): the longest finished tasks and completed steps of the tasks created since `$1`
 * (tasks_created_at_idx bounds the window), optionally of one namespace/name/version.
 */
export const slowestTasksSql = (schema: string): string => `SELECT * FROM ${schema}.slowest_tasks($1, $2, $3, $4, $5)`;

/** The slowest completed steps (same parameters as {@link slowestTasksSql}). */
export const slowestStepsSql = (schema: string): string => `SELECT * FROM ${schema}.slowest_steps($1, $2, $3, $4, $5)`;

/** A row of `slowest_tasks()` or `slowest_steps()`. */
export type SlowestRow = Record<string, unknown>;

/** A `slowest_tasks()` row in the answer's shape. */
export function toSlowTask(row: SlowestRow): SlowTask {
  return {
    taskId: text(row.task_id),
    namespace: text(row.namespace),
    name: text(row.name),
    version: text(row.version),
    status: text(row.status),
    durationMs: toNumber(row.duration_ms),
    stepCount: toNumber(row.step_count),
    completedSteps: toNumber(row.completed_steps),
    errorSteps: toNumber(row.error_steps),
    createdAt: toIso(row.created_at),
    completedAt: toIso(row.completed_at),
    initiator: optionalText(row.initiator),
    sourceSystem: optionalText(row.source_system),
  };
}

/** A `slowest_steps()` row in the answer's shape. */
export function toSlowStep(row: SlowestRow): SlowStep {
  return {
    stepId: text(row.step_id),
    taskId: text(row.task_id),
    stepName: text(row.step_name),
    namespace: text(row.namespace),
    name: text(row.name),
    version: text(row.version),
    durationMs: toNumber(row.duration_ms),
    attempts: toNumber(row.attempts),
    retryable: row.retryable === true,
    status: text(row.status),
    completedAt: toIso(row.completed_at),
  };
}
