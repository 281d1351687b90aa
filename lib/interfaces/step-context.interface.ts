/**
 * Everything a step handler gets for one run (one attempt) of a step.
 * @publicApi
 */
export interface StepContext<C = Record<string, unknown>> {
  readonly task: { id: string; namespace: string; name: string; version: string; context: C };
  readonly step: {
    id: string;
    name: string;
    /** 1-based: the first run is attempt 1. */
    attempt: number;
    maxAttempts: number;
    config: Record<string, unknown>;
  };
  /** Results of a completed ancestor step; throws `PermanentError` for any other step. */
  result<T = unknown>(stepName: string): T;
  /** Aborted on timeout, task cancellation or shutdown. */
  readonly signal: AbortSignal;
  /** Publishes a custom event (name with a dot, not starting with `task.`, `step.` or `workflow.`). */
  publish(event: string, payload?: Record<string, unknown>): void;
}
