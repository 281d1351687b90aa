import { PermanentError } from '../errors/permanent.error';
import { isRecord } from '../definition/is-record';

/** The HTTP methods an {@link HttpStepHandler} sends. @publicApi */
export const HTTP_STEP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** One of {@link HTTP_STEP_METHODS}. @publicApi */
export type HttpStepMethod = (typeof HTTP_STEP_METHODS)[number];

/**
 * What an {@link HttpStepHandler} sends, read from the step's `config` (or built by a subclass):
 * `url` (http or https, required), `method` [GET], `headers` [{}], `timeoutMs` [30000] and `body`
 * (a string is sent as is; any other JSON value as JSON, with `content-type: application/json`
 * unless a header sets it).
 * @publicApi
 */
export interface HttpStepRequest {
  url: string;
  method?: HttpStepMethod;
  headers?: Record<string, string>;
  timeoutMs?: number;
  body?: unknown;
}

/** {@link HttpStepRequest} with every default applied and every field checked. */
export interface ResolvedHttpStepRequest {
  url: URL;
  method: HttpStepMethod;
  headers: Record<string, string>;
  timeoutMs: number;
  body: unknown;
}

/** The timeout of a request whose config names none. @publicApi */
export const HTTP_STEP_DEFAULT_TIMEOUT_MS = 30_000;

/** The code of the PermanentError an invalid HTTP step config fails with. @publicApi */
export const HTTP_STEP_INVALID_CONFIG = 'HTTP_STEP_INVALID_CONFIG';

/**
 * Checks a request description (usually a step's `config`) and applies the defaults.
 * @throws PermanentError `HTTP_STEP_INVALID_CONFIG` naming every bad field: retrying cannot fix a config.
 */
export function resolveHttpStepRequest(config: unknown): ResolvedHttpStepRequest {
  if (!isRecord(config)) throw invalidConfig(['the request must be an object']);
  const problems: string[] = [];
  let url: URL | undefined;
  if (typeof config.url !== 'string') {
    problems.push('url must be a string');
  } else if (!URL.canParse(config.url)) {
    problems.push(`url must be an absolute URL (got "${config.url}")`);
  } else {
    url = new URL(config.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      problems.push(`url must be http or https (got "${url.protocol}")`);
  }
  const method = config.method === undefined ? 'GET' : config.method;
  if (typeof method !== 'string' || !isMethod(method.toUpperCase())) {
    problems.push(`method must be one of ${HTTP_STEP_METHODS.join(', ')} (got ${JSON.stringify(method)})`);
  }
  const headers = config.headers ?? {};
  if (!isRecord(headers) || Object.values(headers).some((value) => typeof value !== 'string')) {
    problems.push('headers must be an object of strings');
  }
  const timeoutMs = config.timeoutMs ?? HTTP_STEP_DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    problems.push(`timeoutMs must be a positive integer (got ${JSON.stringify(timeoutMs)})`);
  }
  const upper = typeof method === 'string' ? method.toUpperCase() : '';
  if ((upper === 'GET' || upper === 'HEAD') && config.body !== undefined)
    problems.push(`a ${upper} request has no body`);
  if (
    problems.length > 0 ||
    url === undefined ||
    !isMethod(upper) ||
    typeof timeoutMs !== 'number' ||
    !isRecord(headers)
  ) {
    throw invalidConfig(problems);
  }
  return { url, method: upper, headers: headers as Record<string, string>, timeoutMs, body: config.body };
}

function isMethod(value: string): value is HttpStepMethod {
  return (HTTP_STEP_METHODS as readonly string[]).includes(value);
}

function invalidConfig(problems: string[]): PermanentError {
  return new PermanentError(`invalid HTTP step request: ${problems.join('; ')}`, { code: HTTP_STEP_INVALID_CONFIG });
}
