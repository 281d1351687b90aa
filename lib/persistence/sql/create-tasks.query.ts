import type { NewTask } from './create-task.query';
import { taskViewColumns } from './task-view.query';

/**
 * Creates a batch of tasks in one statement (one implicit transaction, one round trip, whatever
 * the batch's size): the task rows, their steps, edges and first transitions, passed as parallel
 * arrays, and one announcement of the ready root steps. A task whose idempotency key is taken
 * (by a committed task, or by a concurrent statement that then commits) is skipped by
 * `ON CONFLICT DO NOTHING` on tasks_idempotency_key_uq, and so are its steps, edges and
 * transition, which join on the inserted tasks; the caller reads the holders afterwards
 * ({@link tasksByIdempotencyKeySql}). A concurrent insert of the same key makes this statement wait
 * for that transaction and then skip (it committed) or insert (it rolled back): never an error.
 *
 * Rows: the ids of the tasks inserted and their shared `created_at` (now(), the transaction's
 * start). $28, $29: the tasks' correlation ids and trace contexts. Tags travel as one JSON array per task, as PostgreSQL arrays must be rectangular.
 * Build the parameters with {@link createTasksParams}.
 */
export const createTasksSql = (schema: string): string => `
WITH task AS (
  INSERT INTO ${schema}.tasks (id, named_task_id, namespace, name, version, context, initiator, source_system,
                               reason, tags, idempotency_key, total_steps, active_steps, correlation_id, trace_context)
  SELECT t.id, t.named_task_id, t.namespace, t.name, t.version, t.context, t.initiator, t.source_system, t.reason,
         CASE WHEN t.tags IS NULL THEN '{}'::text[] ELSE ARRAY(SELECT jsonb_array_elements_text(t.tags)) END,
         t.idempotency_key, t.total_steps, t.active_steps, t.correlation_id, t.trace_context
  FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[],
              $9::text[], $10::jsonb[], $11::text[], $12::int[], $13::int[], $28::text[], $29::jsonb[])
         AS t(id, named_task_id, namespace, name, version, context, initiator, source_system, reason, tags,
              idempotency_key, total_steps, active_steps, correlation_id, trace_context)
  ON CONFLICT (namespace, name, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING id, created_at
), steps AS (
  INSERT INTO ${schema}.steps (id, task_id, named_step_id, name, position, retryable, max_attempts, timeout_ms,
                               backoff, total_parents, unfinished_parents, next_attempt_at, created_at, updated_at)
  SELECT s.id, task.id, s.named_step_id, s.name, s.position, s.retryable, s.max_attempts, s.timeout_ms, s.backoff,
         s.parents, s.parents, CASE WHEN s.parents = 0 THEN task.created_at END, task.created_at, task.created_at
  FROM unnest($14::uuid[], $15::uuid[], $16::int[], $17::text[], $18::int[], $19::bool[], $20::int[], $21::int[],
              $22::jsonb[], $23::int[])
         AS s(task_id, id, named_step_id, name, position, retryable, max_attempts, timeout_ms, backoff, parents)
  JOIN task ON task.id = s.task_id
), edges AS (
  INSERT INTO ${schema}.step_edges (task_id, parent_id, child_id)
  SELECT task.id, e.parent_id, e.child_id
  FROM unnest($24::uuid[], $25::uuid[], $26::uuid[]) AS e(task_id, parent_id, child_id)
  JOIN task ON task.id = e.task_id
), transition AS (
  INSERT INTO ${schema}.task_transitions (task_id, from_status, to_status, reason, created_at)
  SELECT task.id, NULL, 'pending', 'created', task.created_at FROM task
)
SELECT task.id, task.created_at,
       (SELECT pg_notify($27, '') WHERE EXISTS (SELECT 1 FROM task))::text AS notified
FROM task`;

/** A row of {@link createTasksSql}: one inserted task. */
export interface CreatedTasksRow {
  id: string;
  created_at: Date;
}

/** The bulk statement's parameters, in placeholder order ($1 .. $29). */
export function createTasksParams(tasks: readonly NewTask[], readyChannel: string): unknown[] {
  const task = {
    ids: [] as string[],
    namedTaskIds: [] as number[],
    namespaces: [] as string[],
    names: [] as string[],
    versions: [] as string[],
    contexts: [] as string[],
    initiators: [] as (string | null)[],
    sourceSystems: [] as (string | null)[],
    reasons: [] as (string | null)[],
    tags: [] as (string | null)[],
    keys: [] as (string | null)[],
    totalSteps: [] as number[],
    rootSteps: [] as number[],
  };
  const step = {
    taskIds: [] as string[],
    ids: [] as string[],
    namedStepIds: [] as (number | undefined)[],
    names: [] as string[],
    positions: [] as number[],
    retryables: [] as boolean[],
    maxAttempts: [] as number[],
    timeouts: [] as (number | null)[],
    backoffs: [] as (string | null)[],
    parents: [] as number[],
  };
  const edge = { taskIds: [] as string[], parents: [] as string[], children: [] as string[] };
  const correlationIds: string[] = [];
  const traceContexts: (string | null)[] = [];
  for (const t of tasks) {
    task.ids.push(t.taskId);
    task.namedTaskIds.push(t.namedTaskId);
    task.namespaces.push(t.namespace);
    task.names.push(t.name);
    task.versions.push(t.version);
    task.contexts.push(t.contextJson);
    task.initiators.push(t.initiator);
    task.sourceSystems.push(t.sourceSystem);
    task.reasons.push(t.reason);
    task.tags.push(t.tags.length === 0 ? null : JSON.stringify(t.tags));
    task.keys.push(t.idempotencyKey);
    task.totalSteps.push(t.steps.length);
    let roots = 0;
    for (const s of t.steps) {
      if (s.parents === 0) roots += 1;
      step.taskIds.push(t.taskId);
      step.ids.push(s.id);
      step.namedStepIds.push(s.namedStepId);
      step.names.push(s.name);
      step.positions.push(s.position);
      step.retryables.push(s.retryable);
      step.maxAttempts.push(s.maxAttempts);
      step.timeouts.push(s.timeoutMs);
      step.backoffs.push(s.backoff === undefined ? null : JSON.stringify(s.backoff));
      step.parents.push(s.parents);
    }
    task.rootSteps.push(roots);
    correlationIds.push(t.correlationId);
    traceContexts.push(t.traceContext === null ? null : JSON.stringify(t.traceContext));
    for (const e of t.edges) {
      edge.taskIds.push(t.taskId);
      edge.parents.push(e.parentId);
      edge.children.push(e.childId);
    }
  }
  return [
    ...Object.values(task),
    ...Object.values(step),
    ...Object.values(edge),
    readyChannel,
    correlationIds,
    traceContexts,
  ];
}

/**
 * The views of the tasks holding these idempotency keys (parallel arrays $1 namespaces, $2 names,
 * $3 keys), through tasks_idempotency_key_uq. Rows map with toTaskView.
 */
export const tasksByIdempotencyKeySql = (schema: string): string => `
SELECT ${taskViewColumns(schema)}
FROM unnest($1::text[], $2::text[], $3::text[]) AS k(namespace, name, idempotency_key)
JOIN ${schema}.tasks t ON t.namespace = k.namespace AND t.name = k.name AND t.idempotency_key = k.idempotency_key`;
