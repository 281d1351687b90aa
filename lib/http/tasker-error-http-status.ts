import type { TaskerError } from '../errors/tasker.error';

/**
 * HTTP status of each Tasker error `code`: the one table that maps errors to statuses. Codes are
 * stable across releases, so a new error class (or a new code of an existing class) is mapped by
 * adding its code here.
 * @publicApi
 */
export const TASKER_ERROR_HTTP_STATUS: Readonly<Record<string, number>> = {
  TASK_VALIDATION_FAILED: 400,
  TASK_HANDLER_NOT_FOUND: 400,
  TASK_NOT_FOUND: 404,
  STEP_NOT_FOUND: 404,
  DUPLICATE_TASK: 409,
  INVALID_STATE_TRANSITION: 422,
  TASKER_SHUTTING_DOWN: 503,
  // The database connection error: the server cannot serve the request now; a retry later may work.
  DATABASE_UNREACHABLE: 503,
};

/** Codes of size limits (an oversized context or results) end with this; they answer 413. */
const TOO_LARGE_SUFFIX = '_TOO_LARGE';
const PAYLOAD_TOO_LARGE = 413;
const INTERNAL_SERVER_ERROR = 500;

/**
 * The HTTP status for a Tasker error: its code's entry in {@link TASKER_ERROR_HTTP_STATUS}, 413 for
 * a code ending in `_TOO_LARGE`, else 500 (a definition, configuration or handler error reaching an
 * HTTP caller is a server fault).
 * @publicApi
 */
export function taskerErrorHttpStatus(error: Pick<TaskerError, 'code'>): number {
  const status = TASKER_ERROR_HTTP_STATUS[error.code];
  if (status !== undefined) return status;
  return error.code.endsWith(TOO_LARGE_SUFFIX) ? PAYLOAD_TOO_LARGE : INTERNAL_SERVER_ERROR;
}
