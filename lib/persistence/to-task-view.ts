import type { StepStatus, StepView, TaskStatus, TaskView } from '../interfaces/task-view.interface';
import type { StepViewJson, TaskViewRow } from './sql/task-view.query';

function iso(value: Date | string): string;
function iso(value: Date | string | null): string | null;
function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toStepView(step: StepViewJson): StepView {
  return {
    id: step.id,
    name: step.name,
    status: step.status as StepStatus,
    dependsOn: step.dependsOn,
    attempts: step.attempts,
    maxAttempts: step.maxAttempts,
    retryable: step.retryable,
    results: step.results ?? null,
    error: step.error ?? null,
    lastAttemptedAt: iso(step.lastAttemptedAt),
    nextRetryAt: iso(step.nextRetryAt),
    completedAt: iso(step.completedAt),
  };
}

/** Maps a row of task-view.query to the public TaskView. */
export function toTaskView(row: TaskViewRow): TaskView {
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    version: row.version,
    status: row.status as TaskStatus,
    context: row.context,
    initiator: row.initiator,
    sourceSystem: row.source_system,
    reason: row.reason,
    tags: row.tags,
    idempotencyKey: row.idempotency_key,
    correlationId: row.correlation_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    completedAt: iso(row.completed_at),
    steps: row.steps.map(toStepView),
  };
}
