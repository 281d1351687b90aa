import { mergeBackoff, retryDelayMs } from '../definition/backoff';
import { PermanentError } from '../errors/permanent.error';
import { RetryableError } from '../errors/retryable.error';
import type { ResolvedBackoffOptions } from '../interfaces/backoff-options.interface';
import type { ClaimedStep, RunError, RunOutcome } from './claimed-step';

/** Describes any thrown value as the stored error of a step. */
export function describeError(error: unknown): RunError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { message: error.message, code: typeof code === 'string' ? code : null, type: error.name };
  }
  return { message: String(error), code: null, type: typeof error };
}

/**
 * What a failed run leads to: another attempt after the backoff delay (or the handler's
 * `retryAfterMs`, capped at maxMs), or `error` for a PermanentError, a non-retryable step, or no
 * attempts left.
 */
export function classifyFailure(
  step: ClaimedStep,
  error: RunError,
  cause: unknown,
  durationMs: number,
  moduleBackoff: ResolvedBackoffOptions,
  random: () => number = Math.random,
): RunOutcome {
  const permanent = cause instanceof PermanentError;
  if (permanent || !step.retryable || step.attempt >= step.maxAttempts) return { kind: 'error', error, durationMs };
  const backoff = mergeBackoff(moduleBackoff, step.definition.backoff);
  const retryAfterMs = cause instanceof RetryableError ? cause.retryAfterMs : undefined;
  return { kind: 'retry', error, durationMs, delayMs: retryDelayMs(step.attempt, backoff, random, retryAfterMs) };
}
