/**
 * Steps ready and due: what a worker would claim now (the claim's own condition, on the partial
 * index `steps_ready_idx`, so the count reads only the backlog, not the step history).
 */
export const readyStepsSql = (schema: string): string =>
  `SELECT count(*)::int AS ready FROM ${schema}.steps
   WHERE status IN ('pending', 'waiting_for_retry') AND unfinished_parents = 0 AND next_attempt_at <= now()`;

/** A row of {@link readyStepsSql}. */
export interface ReadyStepsRow {
  ready: number | string;
}
