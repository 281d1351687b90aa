/** Why a run's signal was aborted; the reason decides what the worker writes. */
export type AbortReason = 'timeout' | 'cancelled' | 'lease_lost' | 'shutdown';

/** The error a run's AbortSignal carries, so handlers can tell why they were stopped. */
export class StepAbortedError extends Error {
  constructor(
    readonly reason: AbortReason,
    message: string,
  ) {
    super(message);
    this.name = 'StepAbortedError';
  }
}
