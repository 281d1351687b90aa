/** Injection token of the concurrency provider the worker asks for its limit. @publicApi */
export const TASKER_CONCURRENCY_PROVIDER = 'TASKER_CONCURRENCY_PROVIDER';

/**
 * Decides how many step handlers may run at once in this process. The worker asks before each
 * claim; an implementation may cache its answer.
 * @publicApi
 */
export interface ConcurrencyLimitProvider {
  currentLimit(): number;
}
