/**
 * Base class of every error Tasker throws on purpose. `code` is stable across releases and is what
 * programs should branch on; `name` equals the concrete class name.
 * @publicApi
 */
export abstract class TaskerError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
