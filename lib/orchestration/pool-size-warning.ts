import { poolCapacity, poolSizeReaching } from '../concurrency/pool-capacity';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';

/** A boot warning: its message and fields. */
export interface PoolSizeWarning {
  message: string;
  fields: Record<string, unknown>;
}

/**
 * The warning a worker logs at start when `database.poolSize` is far below `concurrency.max`: the
 * pool cannot carry the handlers the limit allows (the limit never exceeds 60 % of the pool), and
 * handlers that use Tasker's data source compete with the worker's own round trips for the few
 * connections. Undefined when the pool fits, and on the embedded database (it has no pool to size).
 */
export function poolSizeWarning(options: ResolvedTaskerOptions, embedded: boolean): PoolSizeWarning | undefined {
  if (embedded) return undefined;
  const { poolSize } = options.database;
  const { max } = options.concurrency;
  const capacity = poolCapacity(poolSize);
  if (capacity >= max) return undefined;
  return {
    message:
      "database.poolSize is far below concurrency.max: the concurrency limit stays at the pool's capacity, and handlers that " +
      "query Tasker's data source wait for connections with the worker's own round trips. Raise database.poolSize or leave it out",
    fields: { poolSize, concurrencyMax: max, capacity, poolSizeForMax: poolSizeReaching(max) },
  };
}
