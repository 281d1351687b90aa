// Calls to Tasker's REST API, relative to where the dashboard is mounted: the page is served at
// `<global prefix>/<http.path>/ui`, so the API is the same path without `/ui`.

/** The API's root path, e.g. `/tasker` or `/api/ops/tasker` (empty when Tasker is mounted at the root). */
export const API_ROOT = window.location.pathname.replace(/\/ui\/?$/, '');

/** A refused or failed API call: the HTTP status and Tasker's error code and message. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {unknown} [details]
   */
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Whether `http.authorize` refused the call (401 or 403). */
  get refused() {
    return this.status === 401 || this.status === 403;
  }

  /** One line for the operator: `Refused (403 FORBIDDEN): Not allowed: tasker.step:retry`. */
  describe() {
    const what = this.refused ? 'Refused' : 'Failed';
    return `${what} (${this.status} ${this.code}): ${this.message}`;
  }
}

/**
 * The API's answers, as the library declares them (type-checking only; nothing is loaded).
 * @typedef {import('../../../interfaces/task-view.interface').TaskView} TaskView
 * @typedef {import('../../../interfaces/task-view.interface').StepView} StepView
 * @typedef {import('../../../interfaces/task-view.interface').TaskList} TaskList
 * @typedef {import('../../../interfaces/task-view.interface').TaskExplanation} TaskExplanation
 * @typedef {import('../../../interfaces/task-view.interface').StepExplanation} StepExplanation
 * @typedef {import('../../handlers/handler-view').HandlerSummary} HandlerSummary
 * @typedef {import('../../handlers/handler-view').HandlerStepSummary} HandlerStepSummary
 */

/**
 * The part of Mermaid's global (its bundle sets `window.mermaid`) the dashboard uses.
 * @typedef {object} Mermaid
 * @property {(config: Record<string, unknown>) => void} initialize
 * @property {(id: string, text: string) => Promise<{ svg: string }>} render
 */

/** Mermaid's global, when its bundle loaded. */
export function mermaidGlobal() {
  return /** @type {{ mermaid?: Mermaid }} */ (/** @type {unknown} */ (window)).mermaid;
}

/**
 * The parsed JSON answer of `method path`; an `ApiError` for any answer but 2xx. `acceptStatuses`
 * lists other statuses whose body is still the answer (the health status answers 503 when down).
 * @param {string} path
 * @param {{ method?: string, body?: unknown, acceptStatuses?: number[] }} [options]
 * @returns {Promise<unknown>} the caller states the answer's type (the API's types below)
 */
export async function api(path, options = {}) {
  const { method = 'GET', body, acceptStatuses = [] } = options;
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  /** @type {RequestInit} */
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(API_ROOT + path, init);
  } catch (error) {
    throw new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  let parsed;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (response.ok || acceptStatuses.includes(response.status)) return parsed;
  const error = parsed && typeof parsed === 'object' ? parsed.error : undefined;
  if (error && typeof error.code === 'string') {
    throw new ApiError(response.status, error.code, String(error.message), error.details);
  }
  throw new ApiError(response.status, `HTTP_${response.status}`, text.slice(0, 300) || response.statusText);
}

/**
 * `/path?key=value…` without the empty values.
 * @param {string} path
 * @param {Record<string, string | number | undefined>} query
 */
export function withQuery(path, query) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}
