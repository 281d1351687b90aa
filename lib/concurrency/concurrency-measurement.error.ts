import { TaskerError } from '../errors/tasker.error';

/**
 * The concurrency provider could not measure (bad pool figures or health counts). Internal: the
 * provider catches it and falls back to `concurrency.min`.
 */
export class ConcurrencyMeasurementError extends TaskerError {
  readonly code = 'CONCURRENCY_MEASUREMENT_FAILED';
}
