import { TaskerError } from './tasker.error';

/**
 * Thrown by a step handler for a failure worth retrying. `retryAfterMs` (e.g. a server's
 * Retry-After) replaces the backoff delay, capped at `backoff.maxMs`.
 * @publicApi
 */
export class RetryableError extends TaskerError {
  readonly code = 'RETRYABLE';
  readonly retryAfterMs?: number;

  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }
}
