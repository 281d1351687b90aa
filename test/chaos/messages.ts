/** Runner → creator: create tasks `from` .. `from + count - 1` (their index is their idempotency key). */
export interface CreateRequest {
  type: 'create';
  from: number;
  count: number;
  /** Give up retrying a creation after this long. */
  deadlineMs: number;
}

export type ParentMessage = CreateRequest;

/** Creator → runner: the tasks of a `create` request, once every one of them exists. */
export interface CreatedReport {
  type: 'created';
  ids: string[];
  /** Attempts that failed (outage) and were retried. */
  retries: number;
  /** Retries answered with DuplicateTaskError: the earlier attempt had created the task. */
  duplicates: number;
  errors: string[];
}

export type ChildMessage =
  | { type: 'ready'; pid: number }
  | { type: 'drained'; signal: string | null }
  | { type: 'failed'; error: string }
  | CreatedReport;
