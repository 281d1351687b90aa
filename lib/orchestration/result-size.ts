import { formatBytes, oversizedJsonBytes } from '../persistence/json-byte-size';
import type { RunError } from './claimed-step';

/** The code of a step whose result is over `limits.maxResultBytes`; the step fails permanently. */
export const RESULT_TOO_LARGE = 'RESULT_TOO_LARGE';

/**
 * The failure of a step whose serialised result (`resultJson`, the text that would be stored) is
 * over `maxBytes`, or undefined when it fits. Retrying would only produce the same result, so the
 * caller ends the step in error.
 */
export function resultTooLarge(stepName: string, resultJson: string, maxBytes: number): RunError | undefined {
  const bytes = oversizedJsonBytes(resultJson, maxBytes);
  if (bytes === undefined) return undefined;
  return {
    message:
      `Step "${stepName}" returned a result of ${formatBytes(bytes)} of JSON, over limits.maxResultBytes ` +
      `of ${formatBytes(maxBytes)}; store large data elsewhere and return a reference to it`,
    code: RESULT_TOO_LARGE,
    type: 'RangeError',
  };
}
