import { isRecord } from '../definition/is-record';
import { PermanentError } from '../errors/permanent.error';
import { RetryableError } from '../errors/retryable.error';
import type { StepContext } from '../interfaces/step-context.interface';
import type { StepHandlerContract } from '../interfaces/step-handler-contract.interface';
import { resolveHttpStepRequest, type HttpStepRequest, type ResolvedHttpStepRequest } from './http-step-request';
import { parseRetryAfter } from './retry-after';

/** What an {@link HttpStepHandler} stores as the step's results. @publicApi */
export interface HttpStepResult {
  status: number;
  /** The body parsed as JSON when the response says it is JSON (and parses), else its text. */
  body: unknown;
}

/** How much of an error response's body its error message quotes. */
const BODY_EXCERPT_CHARS = 200;

/**
 * A step handler that makes one HTTP request with Node's global `fetch`. It carries no
 * `@StepHandler` of its own: extend it in a class that has one (`@StepHandler('http.call') class
 * HttpCall extends HttpStepHandler {}`), then name that handler in `@TaskHandler` steps or YAML
 * templates, with the request in the step's `config` ({@link HttpStepRequest}).
 *
 * Outcomes: 2xx → results `{ status, body }`; 429 and 503 → `RetryableError` whose `retryAfterMs`
 * is the `Retry-After` header (delta-seconds or HTTP date; absent or invalid: the step's backoff);
 * any other 5xx, a network error or the request's own `timeoutMs` → `RetryableError`; any other
 * status → `PermanentError` with code `HTTP_<status>`. The request is aborted with the step's
 * signal (task cancelled, step timeout, shutdown), and fails the way the engine's abort says.
 *
 * Hooks for subclasses: {@link request} (the whole request, by default the step's `config`) and
 * {@link body} (just the body, by default `config.body`).
 * @publicApi
 */
export class HttpStepHandler<C = Record<string, unknown>> implements StepHandlerContract<C, HttpStepResult> {
  async process(ctx: StepContext<C>): Promise<HttpStepResult> {
    const request = resolveHttpStepRequest(await this.request(ctx));
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = AbortSignal.any([ctx.signal, timeout]);
    const label = `${request.method} ${request.url.href}`;
    let status: number;
    let retryAfter: string | null;
    let body: unknown;
    let text: string;
    try {
      const response = await fetch(request.url, { ...fetchInit(request), signal });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      // Read inside the try: a body that stalls is as much a timeout as a response that never starts.
      text = await response.text();
      body = parseBody(text, response.headers.get('content-type'));
    } catch (error) {
      if (ctx.signal.aborted) throw abortReason(ctx.signal);
      if (timeout.aborted) {
        throw new RetryableError(`${label} timed out after ${request.timeoutMs} ms (the request's timeoutMs)`, {
          cause: error,
        });
      }
      throw new RetryableError(`${label} failed: ${networkProblem(error)}`, { cause: error });
    }
    if (status >= 200 && status < 300) return { status, body };
    const answered = `${label} answered ${status}${excerpt(text)}`;
    if (status === 429 || status === 503) {
      throw new RetryableError(answered, { retryAfterMs: parseRetryAfter(retryAfter) });
    }
    if (status >= 500) throw new RetryableError(answered);
    throw new PermanentError(answered, { code: `HTTP_${status}` });
  }

  /**
   * The request to send. By default the step's `config`, its body from {@link body}; override it to
   * build the URL or headers from the task context or earlier steps' results.
   */
  protected async request(ctx: StepContext<C>): Promise<HttpStepRequest> {
    const body = await this.body(ctx);
    const config = ctx.step.config as unknown as HttpStepRequest;
    return body === undefined ? config : { ...config, body };
  }

  /** The request body: by default `config.body` (undefined: none). */
  protected body(ctx: StepContext<C>): unknown {
    return ctx.step.config.body;
  }
}

function fetchInit(request: ResolvedHttpStepRequest): RequestInit {
  const headers = new Headers(request.headers);
  let body: string | undefined;
  if (typeof request.body === 'string') {
    body = request.body;
  } else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return { method: request.method, headers, body };
}

function parseBody(text: string, contentType: string | null): unknown {
  if (contentType === null || !/\bjson\b/i.test(contentType) || text === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The engine's abort error (a StepAbortedError), so the failure policy sees why the run ended. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new RetryableError(`the request was aborted: ${String(reason)}`);
}

/**
 * fetch rejects with `TypeError: fetch failed`; the useful part (ECONNREFUSED...) is its cause.
 * Read by shape, not `instanceof`: undici's errors may come from another realm (a VM context, a test runner).
 */
function networkProblem(error: unknown): string {
  const cause = isRecord(error) ? error.cause : undefined;
  if (isRecord(cause) && typeof cause.message === 'string') {
    return typeof cause.code === 'string' ? `${cause.code} (${cause.message})` : cause.message;
  }
  return isRecord(error) && typeof error.message === 'string' ? error.message : String(error);
}

function excerpt(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  return `: ${trimmed.length > BODY_EXCERPT_CHARS ? `${trimmed.slice(0, BODY_EXCERPT_CHARS)}…` : trimmed}`;
}
