import type { BackoffOptions, ResolvedBackoffOptions } from '../interfaces/backoff-options.interface';
import { formatValue } from './format-value';
import { isRecord } from './is-record';

const BACKOFF_FIELDS: readonly string[] = ['baseMs', 'multiplier', 'maxMs', 'jitter'];

/**
 * Delay in ms before the retry that follows failed attempt `attempt` (1-based):
 * min(baseMs × multiplier^(attempt−1), maxMs), then ± up to `jitter` of itself (uniform), rounded,
 * never negative. A `retryAfterMs` (a server's Retry-After) replaces the computed delay, capped at
 * `maxMs`, without jitter.
 *
 * The failure policy (lib/orchestration/failure-policy.ts) uses it for every failed attempt; the
 * lease sweep computes the same delay in SQL (the expire_leases function), held to it by tests.
 *
 * @param random injectable for tests; must return a number in [0, 1].
 */
export function retryDelayMs(
  attempt: number,
  backoff: ResolvedBackoffOptions,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const { baseMs, multiplier, maxMs, jitter } = backoff;
  if (retryAfterMs !== undefined && !Number.isNaN(retryAfterMs)) {
    return Math.round(Math.max(0, Math.min(retryAfterMs, maxMs)));
  }
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // NOTE: baseMs 0 × Infinity (a huge attempt) would be NaN; a zero base means no delay at all.
  const raw = baseMs <= 0 ? 0 : baseMs * multiplier ** exponent;
  const capped = Math.min(raw, maxMs);
  // The contract puts jitter after the cap, so a delay may exceed maxMs by up to the jitter fraction.
  const jittered = capped * (1 + jitter * (2 * random() - 1));
  return Math.max(0, Math.round(jittered));
}

/** The module's backoff with the step's own fields (those that are set) laid over it. */
export function mergeBackoff(
  module: ResolvedBackoffOptions,
  step?: BackoffOptions | Partial<ResolvedBackoffOptions>,
): ResolvedBackoffOptions {
  return {
    baseMs: step?.baseMs ?? module.baseMs,
    multiplier: step?.multiplier ?? module.multiplier,
    maxMs: step?.maxMs ?? module.maxMs,
    jitter: step?.jitter ?? module.jitter,
  };
}

/**
 * Problems of a (partial) backoff, one message per bad field, prefixed `backoff.<field>`; empty when
 * every field present is valid: baseMs and maxMs finite and >= 0, multiplier finite and >= 1,
 * jitter in [0, 1], maxMs >= baseMs when both are set.
 */
export function backoffProblems(backoff: unknown): string[] {
  if (!isRecord(backoff)) return [`backoff must be an object (got ${formatValue(backoff)})`];
  const fields: Record<string, unknown> = backoff;
  const problems: string[] = [];
  const check = (field: keyof BackoffOptions, valid: (n: number) => boolean, rule: string): void => {
    const value = fields[field];
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
      problems.push(`backoff.${field} must be ${rule} (got ${formatValue(value)})`);
    }
  };
  check('baseMs', (n) => n >= 0, 'a number >= 0');
  check('multiplier', (n) => n >= 1, 'a number >= 1');
  check('maxMs', (n) => n >= 0, 'a number >= 0');
  check('jitter', (n) => n >= 0 && n <= 1, 'a number between 0 and 1');
  for (const field of Object.keys(fields)) {
    if (!BACKOFF_FIELDS.includes(field)) problems.push(`backoff.${field} is not a backoff option`);
  }
  const { baseMs, maxMs } = fields;
  if (problems.length === 0 && typeof baseMs === 'number' && typeof maxMs === 'number' && maxMs < baseMs) {
    problems.push(`backoff.maxMs (${maxMs}) must be >= backoff.baseMs (${baseMs})`);
  }
  return problems;
}
