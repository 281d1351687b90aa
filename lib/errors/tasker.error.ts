import type { BatchItemProblem } from './batch-item-problem';

/**
 * Base class of every error Tasker throws on purpose. `code` is stable across releases and is what
 * programs should branch on; `name` equals the concrete class name.
 * @publicApi
 */
export abstract class TaskerError extends Error {
  abstract readonly code: string;
  /**
   * Set when a bulk call (`createTasks`) refused its batch: every offending request, by index.
   * The error itself is the first offending request's.
   */
  details?: readonly BatchItemProblem[];

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
