import type { StepDefinition } from '../definition/task-definition';
import type { CycleRow, StoredStepError } from '../persistence/sql/run-cycle.query';
import type { RegisteredTask } from '../registry/task-handler.registry';
import type { TraceCarrier } from '../tracing/trace-carrier';

/** A step this worker claimed, with everything its run needs. */
export interface ClaimedStep {
  stepId: string;
  taskId: string;
  stepName: string;
  attempt: number;
  maxAttempts: number;
  retryable: boolean;
  timeoutMs: number | undefined;
  context: Record<string, unknown>;
  /** Results of the task's finished steps when the step was claimed (ancestors included). */
  priorResults: Record<string, unknown>;
  task: RegisteredTask;
  definition: StepDefinition;
  /** The task's correlation id (its id for a task created before Tasker stored one). */
  correlationId: string;
  /** The W3C trace context of the task's span, or null when none was recorded. */
  traceContext: TraceCarrier | null;
  /**
   * When the step became due: its task's creation for a root, when its last parent finished for a
   * child, the end of its backoff for a retry (or when it was given back, for a released run).
   */
  readyAt: Date;
  /** When the step was created (with its task). */
  createdAt: Date;
}

/** How a run ended, as the worker writes it. */
export type RunOutcome =
  | { kind: 'complete'; result: string; durationMs: number }
  | { kind: 'retry'; error: RunError; delayMs: number; durationMs: number }
  | { kind: 'error'; error: RunError; durationMs: number }
  /** Given back without counting as an attempt (a graceful shutdown stopped it, or it never started); due again at once. */
  | { kind: 'release'; error: RunError; durationMs: number }
  /** Nothing to write: the step was cancelled or its lease was lost; the database already moved on. */
  | { kind: 'abandon'; reason: string; durationMs: number };

/** The stored description of a failure. */
export type RunError = StoredStepError;

/** The step a claimed row describes, or undefined when its task has no step of that name. */
export function toClaimedStep(row: CycleRow, task: RegisteredTask): ClaimedStep | undefined {
  const definition = row.step_name === null ? undefined : task.stepsByName.get(row.step_name);
  if (definition === undefined || row.step_id === null) return undefined;
  return {
    stepId: row.step_id,
    taskId: row.task_id,
    stepName: definition.name,
    attempt: row.attempt ?? 1,
    maxAttempts: row.max_attempts ?? definition.maxAttempts,
    retryable: row.retryable ?? definition.retryable,
    timeoutMs: row.timeout_ms ?? undefined,
    context: row.context ?? {},
    priorResults: row.prior_results ?? {},
    task,
    definition,
    correlationId: row.correlation_id ?? row.task_id,
    traceContext: row.trace_context ?? null,
    readyAt: new Date(row.ready_ms ?? row.created_ms ?? Date.now()),
    createdAt: new Date(row.created_ms ?? row.ready_ms ?? Date.now()),
  };
}
