import { TaskerError } from './tasker.error';

/** A task request is malformed or its context fails the handler's JSON Schema. Nothing was written. @publicApi */
export class TaskValidationError extends TaskerError {
  // Typed as string so that subclasses (ContextTooLargeError) carry codes of their own.
  readonly code: string = 'TASK_VALIDATION_FAILED';

  constructor(
    readonly taskName: string,
    readonly errors: string[],
  ) {
    super(`Invalid task request for ${taskName}: ${errors.join('; ')}`);
  }
}
