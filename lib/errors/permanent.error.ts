import { TaskerError } from './tasker.error';

/** Thrown by a step handler when retrying cannot help: the step ends in `error` at once. @publicApi */
export class PermanentError extends TaskerError {
  readonly code: string;

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = options.code ?? 'PERMANENT';
  }
}
