// Pure: the health-aware concurrency limit, the smaller of the pool-pressure and system-load figures
// clamped to [min, max]. No Nest or database imports.

import { clampConcurrency, type ConcurrencyBounds } from './concurrency-bounds';
import { ConcurrencyMeasurementError } from './concurrency-measurement.error';
import { poolPressureFigure, type PoolFigure, type PoolSample } from './pool-pressure';
import { systemLoadFigure, type LoadCounts, type LoadFigure } from './system-load';

/** What the limit is computed from. */
export interface ConcurrencyLimitInputs {
  /**
   * Tasker's pool, or `undefined` when the pool cannot constrain: the embedded database has one
   * session for everything, so its pool figure would be fixed and meaningless.
   */
  pool: PoolSample | undefined;
  load: LoadCounts;
}

/** The limit and the figures it came from. */
export interface ConcurrencyLimitResult {
  /** `undefined` when the pool does not constrain (embedded database). */
  pool: PoolFigure | undefined;
  load: LoadFigure;
  /** min(pool figure, load figure): the more conservative one. */
  unclamped: number;
  /** The unclamped figure clamped to [min, max], min last (so min always wins). */
  limit: number;
}

/**
 * `clamp(min(C_pool, C_load), min, max)`: the smaller of the pool-pressure and system-load
 * figures, clamped to `concurrency.min..concurrency.max` last. Throws
 * `ConcurrencyMeasurementError` on figures that are not non-negative numbers; the provider turns
 * that (and any other failure) into `min`.
 *
 * Differences from the original, on purpose: the 60 % rule also applies under low pool pressure
 * (see `poolPressureFigure`); an idle database has load 0, not 1 (see `systemLoadFigure`); and a
 * failure gives `min` outright, where the original fell back to the pool figure alone when only
 * the health query failed.
 */
export function computeConcurrencyLimit(
  inputs: ConcurrencyLimitInputs,
  bounds: ConcurrencyBounds,
): ConcurrencyLimitResult {
  if (!Number.isInteger(bounds.min) || bounds.min < 1 || !Number.isInteger(bounds.max) || bounds.max < 1) {
    throw new ConcurrencyMeasurementError(
      `concurrency bounds must be positive integers, got ${bounds.min}..${bounds.max}`,
    );
  }
  const pool = inputs.pool === undefined ? undefined : poolPressureFigure(inputs.pool, bounds);
  const load = systemLoadFigure(inputs.load, bounds);
  const unclamped = pool === undefined ? load.figure : Math.min(pool.figure, load.figure);
  return { pool, load, unclamped, limit: clampConcurrency(unclamped, bounds) };
}
