// Pure: the pool-pressure figure of the concurrency limit ("C_pool", the original's
// ConnectionPoolIntelligence): never more than 60 % of the free connections. No Nest or database imports.

import type { PoolSample } from '../persistence/pool-sample';
import type { ConcurrencyBounds } from './concurrency-bounds';
import { ConcurrencyMeasurementError } from './concurrency-measurement.error';
import { floorOf, requireCount } from './concurrency-numbers';

export type { PoolSample };

/** How busy Tasker's connection pool is, from its utilisation. */
export type PoolPressureLevel = 'low' | 'moderate' | 'high' | 'critical';

/** The pool figure and how it was reached. */
export interface PoolFigure {
  /** busy / size rounded to 3 decimals (0 when size is 0). */
  utilization: number;
  pressure: PoolPressureLevel;
  /** Free connections: size − busy (never negative). */
  available: number;
  /** The factor of the pressure level. */
  factor: number;
  /** `max(floor(min(available × factor, max)), min)`: the original's base recommendation. */
  recommended: number;
  /** floor(available × 0.6): the 60 % rule. */
  maxSafe: number;
  /** The figure itself, before the final clamp (it may be below `min`: the clamp makes min win). */
  figure: number;
}

/** Upper bounds (inclusive) of utilisation per level; above the last one the pool is critical. */
export const POOL_PRESSURE_THRESHOLDS = { low: 0.5, moderate: 0.7, high: 0.85 } as const;

/** Share of the free connections used at each pressure level (the original's defaults). */
export const POOL_PRESSURE_FACTORS: Readonly<Record<PoolPressureLevel, number>> = {
  low: 0.8,
  moderate: 0.6,
  high: 0.4,
  critical: 0.2,
};

/** Never more than this share of the free connections (the original's MAX_SAFE_CONNECTION_PERCENTAGE). */
export const MAX_SAFE_CONNECTION_SHARE = 0.6;

/** Under high pressure the recommendation is scaled by this before the 60 % rule. */
export const HIGH_PRESSURE_SCALE = 0.7;

/** busy / size, rounded to 3 decimals like the original; 0 for an empty pool. */
export function poolUtilization(sample: PoolSample): number {
  const size = requireCount('pool.size', sample.size);
  const busy = requireCount('pool.busy', sample.busy);
  if (size === 0) return 0;
  return Math.round((busy / size) * 1000) / 1000;
}

/** The first level whose inclusive upper bound covers `utilization` (0.5 is low, 0.7 moderate, 0.85 high). */
export function poolPressureLevel(utilization: number): PoolPressureLevel {
  if (!Number.isFinite(utilization) || utilization < 0) {
    throw new ConcurrencyMeasurementError(`pool utilisation must be a non-negative number, got ${String(utilization)}`);
  }
  if (utilization <= POOL_PRESSURE_THRESHOLDS.low) return 'low';
  if (utilization <= POOL_PRESSURE_THRESHOLDS.moderate) return 'moderate';
  if (utilization <= POOL_PRESSURE_THRESHOLDS.high) return 'high';
  return 'critical';
}

/**
 * The pool-pressure figure: how many handlers the pool's state allows.
 *
 * Follows the original's `recommend_concurrency` + `apply_tasker_safety_margins`, with these mappings:
 * - its hard-coded cap `12` in `min(available × factor, 12)` is `bounds.max` (`concurrency.max`);
 * - its floor `EMERGENCY_FALLBACK_CONCURRENCY = 3` in `max(…, 3)` and in the critical branch
 *   `min(3, max_safe)` is `bounds.min` (`concurrency.min`);
 * - its own clamp to `[3, 12]` is not applied here: the caller clamps `min(pool, load)` to
 *   `[min, max]` last, which gives the same limit (clamping is monotone) while keeping the raw
 *   figure visible (e.g. 0 when 60 % of the free connections rounds down to nothing).
 *
 * One deliberate change: the 60 % rule applies at every level. The original returned the
 * recommendation unchanged under low pressure (so 18 free connections gave 12, not 10), which
 * contradicts the rule that Tasker never uses more than 60 % of the free connections.
 */
export function poolPressureFigure(sample: PoolSample, bounds: ConcurrencyBounds): PoolFigure {
  const utilization = poolUtilization(sample);
  const pressure = poolPressureLevel(utilization);
  const available = Math.max(sample.size - sample.busy, 0);
  const factor = POOL_PRESSURE_FACTORS[pressure];
  const recommended = Math.max(Math.min(floorOf(available * factor), bounds.max), bounds.min);
  const maxSafe = floorOf(available * MAX_SAFE_CONNECTION_SHARE);
  let figure: number;
  switch (pressure) {
    case 'low':
    case 'moderate':
      figure = Math.min(recommended, maxSafe);
      break;
    case 'high':
      figure = floorOf(Math.min(recommended * HIGH_PRESSURE_SCALE, maxSafe));
      break;
    case 'critical':
      figure = Math.min(bounds.min, maxSafe);
      break;
  }
  return { utilization, pressure, available, factor, recommended, maxSafe, figure };
}
