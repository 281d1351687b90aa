import { poolCapacity, poolSizeReaching } from '../concurrency/pool-capacity';
import { TaskerConfigurationError } from '../errors/tasker-configuration.error';
import type { ResolvedTaskerOptions, TaskerModuleOptions } from '../interfaces/tasker-module-options.interface';
import { TASKER_DEFAULTS, TASKER_MIN_DEFAULT_POOL_SIZE } from '../config/tasker.defaults';

/** What the user set explicitly, as opposed to defaults. */
interface Given {
  min: boolean;
  max: boolean;
  poolSize: boolean;
}

/**
 * Makes `concurrency.min`, `concurrency.max` and `database.poolSize` fit together, or refuses them.
 * The health-aware limit is `clamp(figure, min, max)` with min applied last, and the pool figure
 * never exceeds 60 % of the pool (`poolCapacity`). So:
 * - a given `min` above `max` is refused (it would win the clamp and ignore max);
 * - a given `min` above the capacity of a given pool is refused (it would run above the pool);
 * - a given `max` above the capacity of a given pool is refused (it could never be reached),
 *   naming the pool size that would reach it;
 * - a pool not given (real PostgreSQL) defaults to the smallest one that reaches `max`, at least 10;
 * - a `min` not given is lowered to `max`, and to the capacity of a given pool, when those are lower.
 * The embedded database has no pool to fit: only min ≤ max applies there.
 * Returns the fitted `concurrency.min` and `database.poolSize`.
 */
export function fitConcurrencyToPool(
  resolved: ResolvedTaskerOptions,
  options: TaskerModuleOptions,
): { min: number; poolSize: number } {
  const given: Given = {
    min: options.concurrency?.min !== undefined,
    max: options.concurrency?.max !== undefined,
    poolSize: options.database?.poolSize !== undefined,
  };
  const { max } = resolved.concurrency;
  let { min } = resolved.concurrency;
  const { poolSize } = resolved.database;
  if (min > max) {
    if (given.min) {
      throw new TaskerConfigurationError(
        'concurrency.min',
        `must not exceed concurrency.max${given.max ? '' : ` (${TASKER_DEFAULTS.concurrency.max} by default)`}, got min ${min} and max ${max}: min wins the final clamp, so Tasker would always run ${min} handlers`,
      );
    }
    min = max;
  }
  if (resolved.database.url === undefined) return { min, poolSize };
  if (!given.poolSize) return { min, poolSize: Math.max(TASKER_MIN_DEFAULT_POOL_SIZE, poolSizeReaching(max)) };

  const capacity = poolCapacity(poolSize);
  if (given.max && max > capacity) {
    throw new TaskerConfigurationError(
      'concurrency.max',
      `${max} cannot be reached with database.poolSize ${poolSize}: the limit never exceeds 60 % of the pool (${capacity}). ` +
        `Set database.poolSize to at least ${poolSizeReaching(max)}, lower concurrency.max to ${capacity}, or leave database.poolSize out to get a pool that fits`,
    );
  }
  if (given.min && min > capacity) {
    throw new TaskerConfigurationError(
      'concurrency.min',
      `${min} exceeds what database.poolSize ${poolSize} allows (${capacity}, 60 % of the pool): min always wins the clamp, so Tasker would run above the pool. ` +
        `Set database.poolSize to at least ${poolSizeReaching(min)} or lower concurrency.min to ${capacity}`,
    );
  }
  if (!given.min) min = Math.min(min, capacity);
  return { min, poolSize };
}
