// The notice bar under the header: errors and refusals of API calls.
import { ApiError } from './api.js';

/**
 * Shows `message` in the notice bar (an error or a refusal), or hides it.
 * @param {string | null} message
 * @param {'error' | 'info'} [kind]
 */
export function notify(message, kind = 'error') {
  const notice = /** @type {HTMLElement} */ (document.getElementById('notice'));
  notice.hidden = message === null;
  notice.className = `notice notice-${kind}`;
  notice.textContent = message ?? '';
}

/**
 * The text of an error for the operator.
 * @param {unknown} error
 */
export function describeError(error) {
  if (error instanceof ApiError) return error.describe();
  return error instanceof Error ? error.message : String(error);
}
