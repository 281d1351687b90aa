import type { PoolFigure, PoolSample } from './pool-pressure';
import type { SystemHealthCounts } from './system-health-counts.query';
import type { LoadFigure } from './system-load';

/**
 * The last measurement behind the concurrency limit: what the limit is and why. For logs, the
 * limit metric and `/health/status`.
 * @publicApi
 */
export interface ConcurrencySnapshot {
  /** Handlers allowed to run at once in this process. */
  limit: number;
  /** When this measurement finished (epoch ms); it is reused until `cacheTtlMs` later. */
  measuredAt: number;
  /** The configured bounds (`concurrency.min` / `max` / `cacheTtlMs`). */
  bounds: { min: number; max: number; cacheTtlMs: number };
  /** The embedded database: its single session makes the pool figure meaningless, so it is not used. */
  embedded: boolean;
  /** Tasker's pool as read before the health query; undefined on the embedded database or when reading failed. */
  poolStats: PoolSample | undefined;
  /** `system_health_counts()`; undefined when the query failed. */
  counts: SystemHealthCounts | undefined;
  /** The pool-pressure figure; undefined when the pool does not constrain (embedded) or on failure. */
  pool: PoolFigure | undefined;
  /** The system-load figure; undefined on failure. */
  load: LoadFigure | undefined;
  /** min(pool figure, load figure) before the clamp; undefined on failure. */
  unclamped: number | undefined;
  /** Why the measurement failed (the limit is then `min`); undefined when it succeeded. */
  error: string | undefined;
}
