/**
 * Everything a step handler gets for one run (one attempt) of a step.
 * @publicApi
 */
export interface StepContext<C = Record<string, unknown>> {
  readonly task: {
    id: string;
    namespace: string;
    name: string;
    version: string;
    context: C;
    /** The task's correlation id (given at creation, else generated), for the handler's own calls and logs. */
    correlationId: string;
  };
  readonly step: {
    id: string;
    name: string;
    /** 1-based: the first run is attempt 1. */
    attempt: number;
    maxAttempts: number;
    config: Record<string, unknown>;
    /**
     * The step's id, the same for every attempt: a key for a side effect that must happen once
     * per step (a payment, an e-mail), to hand to the other system's idempotency key or to a
     * unique constraint. Steps run at least once: a process killed after the side effect and
     * before its result was written runs the step again, with this same key.
     */
    idempotencyKey: string;
    /**
     * `<step id>:<attempt>`: a key for a side effect that must happen once per attempt. A run
     * given back by a graceful shutdown does not count as an attempt, so its re-run has the same key.
     */
    attemptKey: string;
  };
  /** Results of a completed ancestor step; throws `PermanentError` for any other step. */
  result<T = unknown>(stepName: string): T;
  /** Aborted on timeout, task cancellation or shutdown. */
  readonly signal: AbortSignal;
  /** Publishes a custom event (name with a dot, not starting with `task.`, `step.` or `workflow.`). */
  publish(event: string, payload?: Record<string, unknown>): void;
}
