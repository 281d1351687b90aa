import type { StepDefinition } from '../definition/task-definition';
import type { RegisteredTask } from '../registry/task-handler.registry';

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
}

/** How a run ended, as the worker writes it. */
export type RunOutcome =
  | { kind: 'complete'; result: string; durationMs: number }
  | { kind: 'retry'; error: RunError; delayMs: number; durationMs: number }
  | { kind: 'error'; error: RunError; durationMs: number }
  /** Nothing to write: the step was cancelled or its lease was lost; the database already moved on. */
  | { kind: 'abandon'; reason: string; durationMs: number };

/** The stored description of a failure. */
export interface RunError {
  message: string;
  code: string | null;
  type: string;
}
