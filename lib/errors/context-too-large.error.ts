import { TaskValidationError } from './task-validation.error';

/**
 * A task's context is larger than `limits.maxContextBytes` (in bytes of its JSON, UTF-8). A
 * `TaskValidationError` with a code of its own, so the HTTP API answers 413 instead of 400;
 * `errors` lists every problem of the request, the size among them. Nothing was written.
 * @publicApi
 */
export class ContextTooLargeError extends TaskValidationError {
  override readonly code = 'CONTEXT_TOO_LARGE';

  constructor(
    taskName: string,
    errors: string[],
    /** Size of the context's JSON, in bytes. */
    readonly contextBytes: number,
    /** `limits.maxContextBytes`. */
    readonly maxContextBytes: number,
  ) {
    super(taskName, errors);
  }
}
