import { createTaskParams, type NewTask } from './create-task.query';

/**
 * Creates a task in one statement (one implicit transaction, one round trip): the task row, its
 * steps ($14 .. $22, one array per field), its edges ($23, $24) and its first transition. Foreign
 * keys from edges to steps inserted by a sibling CTE hold because RI checks run at the end of the
 * statement; the idempotency key's unique index (tasks_idempotency_key_uq) rejects concurrent
 * duplicates. $30, $31: the task's correlation id and trace context. In the same statement it claims the root
 * steps marked in $26 for the creating process's worker: they are written already `in_progress`
 * under a lease for worker $27 ($28 ms), with their attempt counted (attempts 1, last_attempted_at
 * now()), a `pending → in_progress` step transition, and the task started (`in_progress`,
 * started_at, a `pending → in_progress` task transition, reason 'first step claimed'): exactly
 * what claim_steps writes when it claims a root step, without the round trip that would find it.
 * Roots not claimed are ready at once (next_attempt_at), for any worker; the other steps wait for
 * their parents through unfinished_parents.
 *
 * Announces on $25 only when a root is left for others ($25 null otherwise), with payload $29
 * (the creating worker's id, so that worker ignores it).
 *
 * Rows: the task's created_at in epoch milliseconds (a float8 parses cheaper than a timestamptz).
 * Build the parameters with {@link createAndClaimTaskParams}.
 */
export const createAndClaimTaskSql = (schema: string): string => `
WITH task AS (
  INSERT INTO ${schema}.tasks (id, named_task_id, namespace, name, version, context, initiator, source_system,
                               reason, tags, idempotency_key, total_steps, active_steps, status, started_at,
                               correlation_id, trace_context)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::text[], $11, $12, $13,
          CASE WHEN $27::text IS NULL THEN 'pending' ELSE 'in_progress' END, CASE WHEN $27::text IS NOT NULL THEN now() END,
          $30, $31::jsonb)
  RETURNING id, created_at
), steps AS (
  INSERT INTO ${schema}.steps (id, task_id, named_step_id, name, position, retryable, max_attempts, timeout_ms,
                               backoff, total_parents, unfinished_parents, status, attempts, lease_owner,
                               lease_expires_at, last_attempted_at, next_attempt_at, created_at, updated_at)
  SELECT s.id, task.id, s.named_step_id, s.name, s.position, s.retryable, s.max_attempts, s.timeout_ms, s.backoff,
         s.parents, s.parents,
         CASE WHEN s.claim THEN 'in_progress' ELSE 'pending' END,
         CASE WHEN s.claim THEN 1 ELSE 0 END,
         CASE WHEN s.claim THEN $27::text END,
         CASE WHEN s.claim THEN task.created_at + $28::int * interval '1 millisecond' END,
         CASE WHEN s.claim THEN task.created_at END,
         CASE WHEN s.parents = 0 AND NOT s.claim THEN task.created_at END,
         task.created_at, task.created_at
  FROM task,
       unnest($14::uuid[], $15::int[], $16::text[], $17::int[], $18::bool[], $19::int[], $20::int[], $21::jsonb[], $22::int[],
              $26::bool[])
         AS s(id, named_step_id, name, position, retryable, max_attempts, timeout_ms, backoff, parents, claim)
), step_log AS (
  INSERT INTO ${schema}.step_transitions (step_id, task_id, from_status, to_status, attempt, worker, created_at)
  SELECT c.id, task.id, 'pending', 'in_progress', 1, $27::text, task.created_at
  FROM task, unnest($14::uuid[], $26::bool[]) AS c(id, claim)
  WHERE c.claim
), edges AS (
  INSERT INTO ${schema}.step_edges (task_id, parent_id, child_id)
  SELECT task.id, e.parent_id, e.child_id FROM task, unnest($23::uuid[], $24::uuid[]) AS e(parent_id, child_id)
), transition AS (
  INSERT INTO ${schema}.task_transitions (task_id, from_status, to_status, reason, worker, created_at)
  SELECT task.id, NULL, 'pending', 'created', NULL, task.created_at FROM task
  UNION ALL
  SELECT task.id, 'pending', 'in_progress', 'first step claimed', $27::text, task.created_at FROM task WHERE $27::text IS NOT NULL
)
SELECT floor(extract(epoch FROM task.created_at) * 1000)::float8 AS created_ms,
       CASE WHEN $25::text IS NOT NULL THEN pg_notify($25, $29) END::text AS notified
FROM task`;

/** The row of {@link createAndClaimTaskSql}. */
export interface CreatedAndClaimedTaskRow {
  created_ms: number;
}

/** Root steps the creating statement claims, for which worker and lease. */
export interface RootClaim {
  workerId: string;
  leaseMs: number;
  /** Ids of the root steps to claim (each must be a root of the task). */
  stepIds: ReadonlySet<string>;
}

/**
 * The statement's parameters, in placeholder order ($1 .. $31). `notify`: whether a root is left
 * for other workers; `payload`: the announcement's payload.
 */
export function createAndClaimTaskParams(
  task: NewTask,
  claim: RootClaim | undefined,
  notify: boolean,
  payload: string,
): unknown[] {
  const params = createTaskParams(task);
  params[24] = notify ? task.readyChannel : null;
  const claimed = claim === undefined || claim.stepIds.size === 0 ? undefined : claim;
  params.push(
    task.steps.map((step) => claimed?.stepIds.has(step.id) ?? false),
    claimed?.workerId ?? null,
    claimed?.leaseMs ?? 0,
    payload,
    task.correlationId,
    task.traceContext === null ? null : JSON.stringify(task.traceContext),
  );
  return params;
}
