import type { ResolvedBackoffOptions } from '../../interfaces/backoff-options.interface';
import type { TraceCarrier } from '../../tracing/trace-carrier';

/**
 * One worker round trip through run_cycle (migrations/sql/run-cycle.function.ts): apply the
 * finished outcomes, claim due steps, announce leftovers. Plain parameters, one statement; build
 * them with {@link runCycleParams}.
 */
export const runCycleSql = (schema: string): string =>
  `SELECT * FROM ${schema}.run_cycle($1, $2, $3, $4, $5::uuid[], $6::int[], $7::text[], $8::jsonb[], $9::jsonb[], $10::int[])`;

/** The outcome of one run, as the cycle writes it. */
export type OutcomeKind = 'complete' | 'retry' | 'error' | 'release';

/** A failure as a step stores it. */
export interface StoredStepError {
  message: string;
  code: string | null;
  type: string;
}

/** A finished run's outcome to write: its step, the attempt it ran, and how it ended. */
export interface OutcomeToWrite {
  readonly stepId: string;
  readonly attempt: number;
  readonly outcome:
    | { readonly kind: 'complete'; readonly result: string }
    | { readonly kind: 'retry'; readonly error: StoredStepError; readonly delayMs: number }
    | { readonly kind: 'error'; readonly error: StoredStepError }
    | { readonly kind: 'release'; readonly error: StoredStepError };
}

/** What one run_cycle call does. */
export interface RunCycleInput {
  /** Lease owner, recorded in transitions. */
  workerId: string;
  /** Lease length of the steps claimed. */
  leaseMs: number;
  /** Steps to claim at most (0: claim nothing). */
  claimLimit: number;
  /** Where to announce steps made ready that this call could not take itself. */
  readyChannel: string;
  /** Outcomes to apply first. */
  outcomes: readonly OutcomeToWrite[];
}

/** run_cycle's parameters, in placeholder order ($1 .. $10). */
export function runCycleParams(input: RunCycleInput): unknown[] {
  const { outcomes } = input;
  const count = outcomes.length;
  const ids = new Array<string>(count);
  const attempts = new Array<number>(count);
  const kinds = new Array<OutcomeKind>(count);
  const results = new Array<string | null>(count);
  const errors = new Array<string | null>(count);
  const delays = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const entry = outcomes[i];
    if (entry === undefined) throw new RangeError(`runCycleParams: outcome ${i} of ${count} is missing`);
    const { stepId, attempt, outcome } = entry;
    ids[i] = stepId;
    attempts[i] = attempt;
    kinds[i] = outcome.kind;
    results[i] = outcome.kind === 'complete' ? outcome.result : null;
    errors[i] = outcome.kind === 'complete' ? null : JSON.stringify(outcome.error);
    delays[i] = outcome.kind === 'retry' ? Math.round(outcome.delayMs) : 0;
  }
  return [
    input.workerId,
    input.leaseMs,
    input.claimLimit,
    input.readyChannel,
    ids,
    attempts,
    kinds,
    results,
    errors,
    delays,
  ];
}

/** A row of run_cycle or expire_leases. */
export interface CycleRow {
  kind: 'step' | 'task' | 'claimed';
  step_id: string | null;
  task_id: string;
  status: string | null;
  attempt: number | null;
  named_task_id: number | null;
  step_name: string | null;
  max_attempts?: number | null;
  retryable?: boolean | null;
  timeout_ms?: number | null;
  context?: Record<string, unknown> | null;
  prior_results?: Record<string, unknown> | null;
  error: StoredStepError | null;
  /** For a step row moved to waiting_for_retry: the delay before it is due. */
  retry_in_ms?: number | null;
  /** Claimed rows: the task's correlation id. */
  correlation_id?: string | null;
  /** Claimed rows: the task's stored trace context. */
  trace_context?: TraceCarrier | null;
  /** Claimed rows: when the step became due (epoch ms). */
  ready_ms?: number | null;
  /** Claimed rows: when the step was created (epoch ms). */
  created_ms?: number | null;
}

/**
 * Extends the leases this worker holds; returns the ids it still holds. Build the parameters with
 * {@link heartbeatParams}.
 */
export const heartbeatSql = (schema: string): string => `SELECT step_id FROM ${schema}.heartbeat($1, $2::uuid[], $3)`;

/** heartbeat's parameters, in placeholder order ($1 worker, $2 step ids, $3 lease ms). */
export function heartbeatParams(input: { workerId: string; stepIds: readonly string[]; leaseMs: number }): unknown[] {
  return [input.workerId, input.stepIds, input.leaseMs];
}

/**
 * Turns runs whose lease expired into failed attempts, delayed by the failure policy's backoff
 * (the step's own fields over the module's), sparing the sweeper's own live runs. Build the
 * parameters with {@link expireLeasesParams}.
 */
export const expireLeasesSql = (schema: string): string =>
  `SELECT * FROM ${schema}.expire_leases($1, $2, $3, $4, $5, $6, $7::uuid[])`;

/**
 * expire_leases' parameters, in placeholder order ($1 sweeper, $2 limit, $3 base ms,
 * $4 multiplier, $5 max ms, $6 jitter, $7 the sweeper's live step ids, never expired).
 */
export function expireLeasesParams(input: {
  sweeperId: string;
  limit: number;
  backoff: ResolvedBackoffOptions;
  liveStepIds?: readonly string[];
}): unknown[] {
  const { baseMs, multiplier, maxMs, jitter } = input.backoff;
  return [input.sweeperId, input.limit, baseMs, multiplier, maxMs, jitter, input.liveStepIds ?? []];
}
