import { mergeBackoff, retryDelayMs } from '../definition/backoff';
import { LeaseExpiredError } from '../errors/lease-expired.error';
import { PermanentError } from '../errors/permanent.error';
import { RetryableError } from '../errors/retryable.error';
import { TaskHandlerNotFoundError } from '../errors/task-handler-not-found.error';
import type { ResolvedBackoffOptions } from '../interfaces/backoff-options.interface';
import { StepAbortedError } from './abort-reasons';
import type { ClaimedStep, RunError, RunOutcome } from './claimed-step';

/**
 * What ended an attempt, as far as retrying is concerned:
 * - `handler_error`: the handler threw or rejected (any error but the two below);
 * - `retryable_error`: a RetryableError, whose `retryAfterMs` replaces the backoff delay;
 * - `permanent_error`: a PermanentError, never retried;
 * - `timeout`: the run outlived the step's `timeoutMs`;
 * - `shutdown`: the worker stopped with the run in flight (released: not an attempt, due again at once);
 * - `cancelled`, `lease_lost`: the run was aborted because the database already moved on;
 * - `lease_expired`: the run's worker stopped heart-beating (a sweep found it);
 * - `task_not_registered`: the process that claimed the step has no handler for its task.
 */
export type FailureKind =
  | 'handler_error'
  | 'retryable_error'
  | 'permanent_error'
  | 'timeout'
  | 'shutdown'
  | 'cancelled'
  | 'lease_lost'
  | 'lease_expired'
  | 'task_not_registered';

/** A failure as the policy weighs it. */
export interface Failure {
  kind: FailureKind;
  /** A RetryableError's requested delay. */
  retryAfterMs?: number;
}

/** Where the failed attempt stands: the run's attempt number (1-based) and the step's limits. */
export interface AttemptState {
  attempt: number;
  maxAttempts: number;
  retryable: boolean;
}

/**
 * What follows a failed attempt: another attempt after `delayMs`, the step's end in `error`,
 * nothing to write (`abandon`: the database already moved the step on), or `release`: the run is
 * given back without counting as an attempt, due again at once (the database counts releases and,
 * past {@link MAX_RELEASES}, makes the run an attempt after all: retried at once, or the step's
 * end when it was the last).
 */
export type FailureDecision =
  { kind: 'retry'; delayMs: number } | { kind: 'error' } | { kind: 'abandon' } | { kind: 'release' };

/**
 * How many runs of one step a graceful shutdown may give back without counting them as attempts
 * (the apply_step_outcomes function holds the same number): enough for a rolling deploy to pass
 * over a step a few times, not so many that a step which never finishes within the shutdown grace
 * period is handed around forever.
 */
export const MAX_RELEASES = 3;

const FAIL: FailureDecision = { kind: 'error' };
const ABANDON: FailureDecision = { kind: 'abandon' };
const RELEASE: FailureDecision = { kind: 'release' };

/** The kind of failure a thrown value (or a run's abort error) is. */
export function classifyCause(cause: unknown): Failure {
  if (cause instanceof StepAbortedError) {
    switch (cause.reason) {
      case 'timeout':
        return { kind: 'timeout' };
      case 'shutdown':
        return { kind: 'shutdown' };
      case 'cancelled':
        return { kind: 'cancelled' };
      case 'lease_lost':
        return { kind: 'lease_lost' };
    }
  }
  if (cause instanceof PermanentError) return { kind: 'permanent_error' };
  if (cause instanceof RetryableError) return { kind: 'retryable_error', retryAfterMs: cause.retryAfterMs };
  if (cause instanceof LeaseExpiredError) return { kind: 'lease_expired' };
  if (cause instanceof TaskHandlerNotFoundError) return { kind: 'task_not_registered' };
  return { kind: 'handler_error' };
}

/**
 * Retry or fail: a cancelled run or one whose lease was lost is abandoned; a PermanentError ends
 * the step in error; a shutdown abort of a retryable step is released (not an attempt: another
 * process takes it over at once, even on its last attempt); a non-retryable step or a last attempt
 * (attempt >= maxAttempts) ends the step in error (a non-retryable step is never run twice, so a
 * shutdown abort ends it too); any
 * other failure is retried after {@link retryDelayMs} of the attempt (jitter included, a
 * RetryableError's `retryAfterMs` capped at `maxMs` instead).
 *
 * The lease sweep decides for many steps at once in SQL (the expire_leases function): its formula
 * is this one for `lease_expired`, jitter included; test/integration/failure-policy.spec.ts holds
 * the two to the same table of cases.
 *
 * @param backoff the step's effective backoff (the module's with the step's own fields laid over it)
 * @param random injectable for tests; must return a number in [0, 1]
 */
export function decideFailure(
  failure: Failure,
  state: AttemptState,
  backoff: ResolvedBackoffOptions,
  random: () => number = Math.random,
): FailureDecision {
  if (failure.kind === 'cancelled' || failure.kind === 'lease_lost') return ABANDON;
  if (failure.kind === 'permanent_error') return FAIL;
  if (failure.kind === 'shutdown' && state.retryable) return RELEASE;
  if (!state.retryable || state.attempt >= state.maxAttempts) return FAIL;
  return { kind: 'retry', delayMs: retryDelayMs(state.attempt, backoff, random, failure.retryAfterMs) };
}

/** The outcome of a run that ended with `cause` (thrown by the handler, or the run's abort error). */
export function classifyFailure(
  step: ClaimedStep,
  error: RunError,
  cause: unknown,
  durationMs: number,
  moduleBackoff: ResolvedBackoffOptions,
  random: () => number = Math.random,
): RunOutcome {
  const failure = classifyCause(cause);
  const decision = decideFailure(failure, step, mergeBackoff(moduleBackoff, step.definition.backoff), random);
  switch (decision.kind) {
    case 'retry':
      return { kind: 'retry', error, durationMs, delayMs: decision.delayMs };
    case 'error':
      return { kind: 'error', error, durationMs };
    case 'abandon':
      return { kind: 'abandon', reason: failure.kind, durationMs };
    case 'release':
      return { kind: 'release', error, durationMs };
  }
}

/**
 * The stored description of a thrown value: its message (or `message`), its string `code` (null
 * when it has none) and its class name. Built from the real error classes, so the stored code and
 * type always name one.
 */
export function describeError(error: unknown, message?: string): RunError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { message: message ?? error.message, code: typeof code === 'string' ? code : null, type: error.name };
  }
  return { message: message ?? String(error), code: null, type: typeof error };
}
