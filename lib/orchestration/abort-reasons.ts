/** Why a run's signal was aborted; the reason decides what the worker writes. */
export type AbortReason = 'timeout' | 'cancelled' | 'lease_lost' | 'shutdown';

const ABORT_CODES: Readonly<Record<AbortReason, string>> = {
  timeout: 'TIMEOUT',
  cancelled: 'CANCELLED',
  lease_lost: 'LEASE_LOST',
  shutdown: 'SHUTDOWN',
};

/** The error a run's AbortSignal carries, so handlers can tell why they were stopped. */
export class StepAbortedError extends Error {
  /** Stored as the step's error code when the abort ends the attempt (TIMEOUT, SHUTDOWN). */
  readonly code: string;

  constructor(
    readonly reason: AbortReason,
    message: string,
  ) {
    super(message);
    this.name = 'StepAbortedError';
    this.code = ABORT_CODES[reason];
  }
}
