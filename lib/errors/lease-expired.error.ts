import { TaskerError } from './tasker.error';

/**
 * Recorded as a step's error when the worker running it stopped extending its lease (the process
 * died or lost its database connection) and a sweep turned the run into a failed attempt.
 * @publicApi
 */
export class LeaseExpiredError extends TaskerError {
  readonly code = 'LEASE_EXPIRED';

  constructor(
    readonly leaseOwner: string,
    readonly attempt: number,
  ) {
    super(`Lease expired: worker ${leaseOwner} stopped heart-beating during attempt ${attempt}`);
  }
}
