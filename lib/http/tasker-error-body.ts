import { ContextTooLargeError } from '../errors/context-too-large.error';
import { DuplicateTaskError } from '../errors/duplicate-task.error';
import { InvalidStateTransitionError } from '../errors/invalid-state-transition.error';
import { StepNotFoundError } from '../errors/step-not-found.error';
import { TaskHandlerNotFoundError } from '../errors/task-handler-not-found.error';
import { TaskNotFoundError } from '../errors/task-not-found.error';
import { TaskValidationError } from '../errors/task-validation.error';
import { TaskWaitTimeoutError } from '../errors/task-wait-timeout.error';
import type { TaskerError } from '../errors/tasker.error';

/** The JSON body `TaskerExceptionFilter` answers with. @publicApi */
export interface TaskerErrorResponseBody {
  error: {
    /** The error's stable `code`. */
    code: string;
    message: string;
    /** Machine-readable facts of the error, when it has any (absent otherwise). */
    details?: Record<string, unknown>;
  };
}

/** The facts a caller can act on, per error class; undefined for errors that carry none. */
function detailsOf(error: TaskerError): Record<string, unknown> | undefined {
  if (error instanceof ContextTooLargeError) {
    return { errors: error.errors, contextBytes: error.contextBytes, maxContextBytes: error.maxContextBytes };
  }
  if (error instanceof TaskValidationError) return { errors: error.errors };
  if (error instanceof DuplicateTaskError) {
    return { existingTaskId: error.existingTaskId, idempotencyKey: error.idempotencyKey };
  }
  if (error instanceof TaskNotFoundError) return { taskId: error.taskId };
  if (error instanceof StepNotFoundError) return { taskId: error.taskId, stepName: error.stepName };
  if (error instanceof InvalidStateTransitionError) {
    return { action: error.action, currentStatus: error.currentStatus, allowedStatuses: error.allowedStatuses };
  }
  if (error instanceof TaskHandlerNotFoundError) {
    return {
      namespace: error.namespace,
      name: error.taskName,
      ...(error.version === undefined ? {} : { version: error.version }),
    };
  }
  if (error instanceof TaskWaitTimeoutError) {
    return { taskId: error.taskId, timeoutMs: error.timeoutMs, lastStatus: error.lastStatus };
  }
  return undefined;
}

/**
 * `{ error: { code, message, details? } }` for a Tasker error. When a bulk call (`createTasks`)
 * refused its batch, `details.items` lists every offending request (`[{ index, code, message }]`)
 * next to the first one's own facts.
 * @publicApi
 */
export function taskerErrorBody(error: TaskerError): TaskerErrorResponseBody {
  const own = detailsOf(error);
  const details = error.details === undefined ? own : { ...own, items: error.details };
  return { error: { code: error.code, message: error.message, ...(details === undefined ? {} : { details }) } };
}
