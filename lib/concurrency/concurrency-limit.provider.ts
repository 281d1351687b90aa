import type { ConcurrencySnapshot } from './concurrency-snapshot.interface';

/** Injection token of the concurrency provider the worker asks for its limit. @publicApi */
export const TASKER_CONCURRENCY_PROVIDER = 'TASKER_CONCURRENCY_PROVIDER';

/**
 * Decides how many step handlers may run at once in this process. The worker asks before each
 * claim; an implementation may cache its answer.
 * @publicApi
 */
export interface ConcurrencyLimitProvider {
  /** The limit now. Called on the worker's hot path: must be cheap and synchronous. */
  currentLimit(): number;
  /** The last measurement behind the limit (undefined before the first one, or for fixed limits). */
  inputs?(): ConcurrencySnapshot | undefined;
  /** Measures now (or joins the measurement in flight); never rejects. */
  refresh?(): Promise<ConcurrencySnapshot>;
}
