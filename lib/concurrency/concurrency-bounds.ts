/** The configured bounds of the limit (`concurrency.min` / `concurrency.max`). */
export interface ConcurrencyBounds {
  min: number;
  max: number;
}

/** Clamps `value` to `[min, max]`, applying `min` last so it always wins (even when min > max). */
export function clampConcurrency(value: number, bounds: ConcurrencyBounds): number {
  return Math.max(Math.min(value, bounds.max), bounds.min);
}
