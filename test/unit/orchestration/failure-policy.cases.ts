import { LeaseExpiredError, PermanentError, RetryableError, TaskHandlerNotFoundError } from '../../../lib';
import type { ResolvedBackoffOptions } from '../../../lib/interfaces/backoff-options.interface';
import { StepAbortedError } from '../../../lib/orchestration/abort-reasons';
import type { FailureKind } from '../../../lib/orchestration/failure-policy';

/** The failure policy's expected answer: exact delay without jitter, bounds with it. */
export type ExpectedDecision =
  { kind: 'retry'; delayMs: number | { min: number; max: number } } | { kind: 'error' } | { kind: 'abandon' };

/** One row of the failure policy's table. */
export interface FailureCase {
  name: string;
  /** What the attempt ended with: a handler's throw, the run's abort error, or the sweep's error. */
  cause: () => unknown;
  /** How the policy classifies `cause`. */
  kind: FailureKind;
  attempt: number;
  maxAttempts: number;
  retryable: boolean;
  /** The module's backoff. */
  backoff: ResolvedBackoffOptions;
  /** The step's own backoff fields, laid over the module's. */
  stepBackoff?: Partial<ResolvedBackoffOptions>;
  expected: ExpectedDecision;
  /**
   * The step's attempts once the failure is recorded: the failed attempt counts (the next claim
   * makes it attempt + 1), an interrupted (shutdown) one included.
   */
  attempts: number;
}

const BACKOFF: ResolvedBackoffOptions = { baseMs: 1000, multiplier: 2, maxMs: 5000, jitter: 0 };
const boom = (): Error => new Error('boom');
const abortedBy = (reason: 'timeout' | 'shutdown' | 'cancelled' | 'lease_lost') => (): StepAbortedError =>
  new StepAbortedError(reason, `aborted: ${reason}`);
const leaseExpired = (attempt: number) => (): LeaseExpiredError => new LeaseExpiredError('lost-worker', attempt);
const notRegistered = (): TaskHandlerNotFoundError => new TaskHandlerNotFoundError('policy', 'unknown');

type Row = Omit<FailureCase, 'retryable' | 'backoff' | 'attempts'> &
  Partial<Pick<FailureCase, 'retryable' | 'backoff'>>;

function row(fields: Row): FailureCase {
  return { retryable: true, backoff: BACKOFF, attempts: fields.attempt, ...fields };
}

/** Every way an attempt can fail, and what follows. */
export const FAILURE_CASES: readonly FailureCase[] = [
  row({
    name: 'handler error on attempt 1 of 3',
    cause: boom,
    kind: 'handler_error',
    attempt: 1,
    maxAttempts: 3,
    expected: { kind: 'retry', delayMs: 1000 },
  }),
  row({
    name: 'handler error on attempt 2 of 3',
    cause: boom,
    kind: 'handler_error',
    attempt: 2,
    maxAttempts: 3,
    expected: { kind: 'retry', delayMs: 2000 },
  }),
  row({
    name: 'handler error on attempt 4 of 5, capped at maxMs',
    cause: boom,
    kind: 'handler_error',
    attempt: 4,
    maxAttempts: 5,
    expected: { kind: 'retry', delayMs: 5000 },
  }),
  row({
    name: 'handler error on the last attempt',
    cause: boom,
    kind: 'handler_error',
    attempt: 3,
    maxAttempts: 3,
    expected: { kind: 'error' },
  }),
  row({
    name: 'handler error of a non-retryable step',
    cause: boom,
    kind: 'handler_error',
    attempt: 1,
    maxAttempts: 3,
    retryable: false,
    expected: { kind: 'error' },
  }),
  row({
    name: 'handler error with jitter 0.1',
    cause: boom,
    kind: 'handler_error',
    attempt: 2,
    maxAttempts: 3,
    backoff: { ...BACKOFF, jitter: 0.1 },
    expected: { kind: 'retry', delayMs: { min: 1800, max: 2200 } },
  }),
  row({
    name: 'a thrown non-error',
    cause: () => 'plain string',
    kind: 'handler_error',
    attempt: 1,
    maxAttempts: 3,
    expected: { kind: 'retry', delayMs: 1000 },
  }),
  row({
    name: 'RetryableError with retryAfterMs',
    cause: () => new RetryableError('later', { retryAfterMs: 1234 }),
    kind: 'retryable_error',
    attempt: 1,
    maxAttempts: 3,
    expected: { kind: 'retry', delayMs: 1234 },
  }),
  row({
    name: 'RetryableError with retryAfterMs beyond maxMs',
    cause: () => new RetryableError('later', { retryAfterMs: 60_000 }),
    kind: 'retryable_error',
    attempt: 1,
    maxAttempts: 3,
    expected: { kind: 'retry', delayMs: 5000 },
  }),
  row({
    name: 'RetryableError with retryAfterMs ignores jitter',
    cause: () => new RetryableError('later', { retryAfterMs: 1234 }),
    kind: 'retryable_error',
    attempt: 1,
    maxAttempts: 3,
    backoff: { ...BACKOFF, jitter: 0.5 },
    expected: { kind: 'retry', delayMs: 1234 },
  }),
  row({
    name: 'RetryableError without retryAfterMs',
    cause: () => new RetryableError('later'),
    kind: 'retryable_error',
    attempt: 2,
    maxAttempts: 3,
    expected: { kind: 'retry', delayMs: 2000 },
  }),
  row({
    name: 'RetryableError on the last attempt',
    cause: () => new RetryableError('later', { retryAfterMs: 10 }),
    kind: 'retryable_error',
    attempt: 3,
    maxAttempts: 3,
    expected: { kind: 'error' },
  }),
  row({
    name: 'PermanentError',
    cause: () => new PermanentError('no'),
    kind: 'permanent_error',
    attempt: 1,
    maxAttempts: 3,
    expected: { kind: 'error' },
  }),
  row({
    name: 'timeout on attempt 1 of 3',
    cause: abortedBy('timeout'),
    kind: 'timeout',
    attempt: 1,
    maxAttempts: 3,
    expected: { kind: 'retry', delayMs: 1000 },
  }),
  row({
    name: 'timeout on the last attempt',
    cause: abortedBy('timeout'),
    kind: 'timeout',
    attempt: 3,
    maxAttempts: 3,
    expected: { kind: 'error' },
  }),
  row({
    name: 'shutdown abort: due again at once',
    cause: abortedBy('shutdown'),
    kind: 'shutdown',
    attempt: 1,
    maxAttempts: 3,
    expected: { kind: 'retry', delayMs: 0 },
  }),
  row({
    name: 'shutdown abort on the last attempt',
    cause: abortedBy('shutdown'),
    kind: 'shutdown',
    attempt: 2,
    maxAttempts: 2,
    expected: { kind: 'error' },
  }),
  row({
    name: 'shutdown abort of a non-retryable step',
    cause: abortedBy('shutdown'),
    kind: 'shutdown',
    attempt: 1,
    maxAttempts: 3,
    retryable: false,
    expected: { kind: 'error' },
  }),
  row({
    name: 'cancelled run',
    cause: abortedBy('cancelled'),
    kind: 'cancelled',
    attempt: 1,
    maxAttempts: 3,
    expected: { kind: 'abandon' },
  }),
  row({
    name: 'run whose heartbeat lost the lease',
    cause: abortedBy('lease_lost'),
    kind: 'lease_lost',
    attempt: 3,
    maxAttempts: 3,
    expected: { kind: 'abandon' },
  }),
  row({
    name: 'task not registered in this process',
    cause: notRegistered,
    kind: 'task_not_registered',
    attempt: 1,
    maxAttempts: 3,
    expected: { kind: 'retry', delayMs: 1000 },
  }),
  row({
    name: 'task not registered, last attempt',
    cause: notRegistered,
    kind: 'task_not_registered',
    attempt: 3,
    maxAttempts: 3,
    expected: { kind: 'error' },
  }),
  // Lease expiry: also checked against the expire_leases SQL function (test/integration/failure-policy.spec.ts).
  row({
    name: 'lease expiry on attempt 1 of 3',
    cause: leaseExpired(1),
    kind: 'lease_expired',
    attempt: 1,
    maxAttempts: 3,
    expected: { kind: 'retry', delayMs: 1000 },
  }),
  row({
    name: 'lease expiry on attempt 3 of 5',
    cause: leaseExpired(3),
    kind: 'lease_expired',
    attempt: 3,
    maxAttempts: 5,
    expected: { kind: 'retry', delayMs: 4000 },
  }),
  row({
    name: 'lease expiry on attempt 4 of 5, capped at maxMs',
    cause: leaseExpired(4),
    kind: 'lease_expired',
    attempt: 4,
    maxAttempts: 5,
    expected: { kind: 'retry', delayMs: 5000 },
  }),
  row({
    name: 'lease expiry on the last attempt',
    cause: leaseExpired(3),
    kind: 'lease_expired',
    attempt: 3,
    maxAttempts: 3,
    expected: { kind: 'error' },
  }),
  row({
    name: 'lease expiry of a non-retryable step',
    cause: leaseExpired(1),
    kind: 'lease_expired',
    attempt: 1,
    maxAttempts: 3,
    retryable: false,
    expected: { kind: 'error' },
  }),
  row({
    name: "lease expiry with the step's own backoff",
    cause: leaseExpired(2),
    kind: 'lease_expired',
    attempt: 2,
    maxAttempts: 3,
    stepBackoff: { baseMs: 10, multiplier: 3 },
    expected: { kind: 'retry', delayMs: 30 },
  }),
  row({
    name: "lease expiry with a step maxMs below the module's base",
    cause: leaseExpired(1),
    kind: 'lease_expired',
    attempt: 1,
    maxAttempts: 3,
    stepBackoff: { maxMs: 500 },
    expected: { kind: 'retry', delayMs: 500 },
  }),
  row({
    name: 'lease expiry with jitter 0.5',
    cause: leaseExpired(2),
    kind: 'lease_expired',
    attempt: 2,
    maxAttempts: 3,
    backoff: { ...BACKOFF, jitter: 0.5 },
    expected: { kind: 'retry', delayMs: { min: 1000, max: 3000 } },
  }),
  row({
    name: "lease expiry with the step's own jitter",
    cause: leaseExpired(1),
    kind: 'lease_expired',
    attempt: 1,
    maxAttempts: 3,
    stepBackoff: { jitter: 0.2 },
    expected: { kind: 'retry', delayMs: { min: 800, max: 1200 } },
  }),
  row({
    name: 'lease expiry past maxMs with jitter (jitter applies after the cap)',
    cause: leaseExpired(9),
    kind: 'lease_expired',
    attempt: 9,
    maxAttempts: 10,
    backoff: { ...BACKOFF, jitter: 0.1 },
    expected: { kind: 'retry', delayMs: { min: 4500, max: 5500 } },
  }),
  row({
    name: 'lease expiry with a zero base',
    cause: leaseExpired(5),
    kind: 'lease_expired',
    attempt: 5,
    maxAttempts: 10,
    backoff: { ...BACKOFF, baseMs: 0 },
    expected: { kind: 'retry', delayMs: 0 },
  }),
  row({
    name: 'lease expiry with a huge multiplier caps instead of overflowing',
    cause: leaseExpired(60),
    kind: 'lease_expired',
    attempt: 60,
    maxAttempts: 100,
    backoff: { ...BACKOFF, multiplier: 1e6 },
    expected: { kind: 'retry', delayMs: 5000 },
  }),
  row({
    name: 'lease expiry rounds half up',
    cause: leaseExpired(2),
    kind: 'lease_expired',
    attempt: 2,
    maxAttempts: 3,
    backoff: { ...BACKOFF, baseMs: 5, multiplier: 1.5 },
    expected: { kind: 'retry', delayMs: 8 },
  }),
];

/** The rows the lease sweep decides in SQL. */
export const LEASE_EXPIRY_CASES = FAILURE_CASES.filter((row) => row.kind === 'lease_expired');

/** Whether `delayMs` is the expected delay (exact, or within the jitter's bounds). */
export function delayMatches(expected: number | { min: number; max: number }, delayMs: number): boolean {
  return typeof expected === 'number' ? delayMs === expected : delayMs >= expected.min && delayMs <= expected.max;
}
