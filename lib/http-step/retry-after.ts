/**
 * The delay a `Retry-After` header asks for, in ms: delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`, a date in the past meaning 0). Undefined for a missing or
 * invalid value, so the step's normal backoff applies.
 *
 * @param now injectable for tests: the time an HTTP date is measured from
 * @publicApi
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // NOTE: Date.parse accepts far more than HTTP dates ("1", "2026"); an HTTP date always names a weekday or month.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
