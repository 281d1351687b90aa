import { ConcurrencyMeasurementError } from './concurrency-measurement.error';

/**
 * `Math.floor` that forgives binary rounding just below an integer (18 × 0.6 is
 * 10.799999999999999, fine; 0.7 × 10 must give 7, not 6 if it came out as 6.999999999999999).
 */
export function floorOf(value: number): number {
  return Math.floor(value + 1e-9);
}

/** A count must be a finite, non-negative number; anything else is a failed measurement. */
export function requireCount(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConcurrencyMeasurementError(`${name} must be a non-negative number, got ${String(value)}`);
  }
  return value;
}
