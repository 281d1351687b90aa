import { isRecord } from '../definition/is-record';
import { formatBytes, oversizedJsonBytes } from '../persistence/json-byte-size';
import type { toJsonText } from '../persistence/to-json-text';
import type { TaskRequest } from '../interfaces/task-view.interface';

/** A correlation id: what `X-Correlation-ID` headers and log fields carry safely. */
export const CORRELATION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

const TEXT_LIMITS: ReadonlyArray<[keyof TaskRequest, number]> = [
  ['namespace', 64],
  ['name', 128],
  ['version', 32],
  ['initiator', 128],
  ['sourceSystem', 128],
  ['reason', 256],
  ['idempotencyKey', 256],
];

/**
 * Checks the shape of a task request before anything else (the handler lookup and the context
 * schema come after). `contextJson` is the caller's serialisation of the context, so it is done
 * once; its size is checked first against `maxContextBytes` (`limits.maxContextBytes`), so an
 * oversized context is refused before the schema validator walks it. Returns one message per
 * problem, naming the field.
 */
export function validateTaskRequest(
  request: unknown,
  contextJson?: ReturnType<typeof toJsonText>,
  maxContextBytes?: number,
): string[] {
  if (!isRecord(request)) return ['request must be an object'];
  const errors: string[] = [];
  const contextBytes =
    contextJson !== undefined && 'text' in contextJson && maxContextBytes !== undefined
      ? oversizedJsonBytes(contextJson.text, maxContextBytes)
      : undefined;
  if (contextBytes !== undefined) {
    errors.push(
      `context is ${formatBytes(contextBytes)} of JSON, over limits.maxContextBytes of ${formatBytes(maxContextBytes as number)}; ` +
        'store large data elsewhere and pass a reference to it',
    );
  }
  for (const [field, max] of TEXT_LIMITS) {
    const value = request[field];
    if (value === undefined || (value === null && field !== 'name')) continue;
    if (typeof value !== 'string' || value.trim().length === 0) errors.push(`${field} must be a non-empty string`);
    else if (value.length > max) errors.push(`${field} must be at most ${max} characters (got ${value.length})`);
  }
  if (request.name === undefined || request.name === null) errors.push('name is required');
  const correlationId = request.correlationId;
  if (
    correlationId !== undefined &&
    (typeof correlationId !== 'string' || !CORRELATION_ID_PATTERN.test(correlationId))
  ) {
    errors.push(
      'correlationId must be 1 to 100 characters of letters, digits, "_" and "-", starting with a letter or digit',
    );
  }
  if (!isRecord(request.context)) {
    errors.push(request.context === undefined ? 'context is required' : 'context must be a JSON object');
  } else if (contextJson !== undefined && 'problem' in contextJson) {
    errors.push(`context must be serialisable as JSON (${contextJson.problem})`);
  }
  const tags = request.tags;
  if (tags !== undefined && tags !== null) {
    if (!Array.isArray(tags)) errors.push('tags must be an array of strings');
    else {
      tags.forEach((tag, index) => {
        if (typeof tag !== 'string' || tag.length === 0 || tag.length > 128) {
          errors.push(`tags[${index}] must be a non-empty string of at most 128 characters`);
        }
      });
    }
  }
  return errors;
}
