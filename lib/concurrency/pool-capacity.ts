// Pure: how many handlers a pool of a given size lets the health-aware limit reach, and the
// reverse. No Nest or database imports.

import { floorOf } from './concurrency-numbers';
import { MAX_SAFE_CONNECTION_SHARE } from './pool-pressure';

/**
 * The highest limit the pool figure can give with `poolSize` connections, all free: the 60 % rule
 * (`floor(poolSize × 0.6)`). A `concurrency.max` above it is never reached; a `concurrency.min`
 * above it wins the final clamp and runs more handlers than the pool is meant to carry.
 */
export function poolCapacity(poolSize: number): number {
  return floorOf(poolSize * MAX_SAFE_CONNECTION_SHARE);
}

/** The smallest pool whose capacity reaches `limit` (20 for 12, 10 for 6). */
export function poolSizeReaching(limit: number): number {
  let size = Math.max(Math.ceil(limit / MAX_SAFE_CONNECTION_SHARE - 1e-9), 1);
  // The estimate can be one off either way through binary rounding; settle it on the rule itself.
  while (poolCapacity(size) < limit) size += 1;
  while (size > 1 && poolCapacity(size - 1) >= limit) size -= 1;
  return size;
}
