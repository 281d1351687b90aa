/**
 * Creates a task in one statement (one implicit transaction, one round trip): the task row, its
 * steps, its edges and its first transition, and announces the ready root steps. Root steps are
 * ready at once (next_attempt_at set); the others wait for their parents through
 * unfinished_parents. Foreign keys from edges to steps inserted by a sibling CTE hold because RI
 * checks run at the end of the statement.
 *
 * The idempotency key's unique index (tasks_idempotency_key_uq) rejects concurrent duplicates.
 * Build the parameters with {@link createTaskParams}. TaskCreator sends its extension,
 * createAndClaimTaskSql (create-task-claiming.query.ts), which can also claim the root steps.
 */
export const createTaskSql = (schema: string): string => `
WITH task AS (
  INSERT INTO ${schema}.tasks (id, named_task_id, namespace, name, version, context, initiator, source_system,
                               reason, tags, idempotency_key, total_steps, active_steps)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::text[], $11, $12, $13)
  RETURNING id, created_at
), steps AS (
  INSERT INTO ${schema}.steps (id, task_id, named_step_id, name, position, retryable, max_attempts, timeout_ms,
                               backoff, total_parents, unfinished_parents, next_attempt_at, created_at, updated_at)
  SELECT s.id, task.id, s.named_step_id, s.name, s.position, s.retryable, s.max_attempts, s.timeout_ms, s.backoff,
         s.parents, s.parents, CASE WHEN s.parents = 0 THEN task.created_at END, task.created_at, task.created_at
  FROM task,
       unnest($14::uuid[], $15::int[], $16::text[], $17::int[], $18::bool[], $19::int[], $20::int[], $21::jsonb[], $22::int[])
         AS s(id, named_step_id, name, position, retryable, max_attempts, timeout_ms, backoff, parents)
), edges AS (
  INSERT INTO ${schema}.step_edges (task_id, parent_id, child_id)
  SELECT task.id, e.parent_id, e.child_id FROM task, unnest($23::uuid[], $24::uuid[]) AS e(parent_id, child_id)
), transition AS (
  INSERT INTO ${schema}.task_transitions (task_id, from_status, to_status, reason, created_at)
  SELECT task.id, NULL, 'pending', 'created', task.created_at FROM task
)
SELECT task.created_at, pg_notify($25, '')::text AS notified FROM task`;

export interface CreatedTaskRow {
  created_at: Date;
}

/** A step of the task to create. */
export interface NewStep {
  id: string;
  namedStepId: number | undefined;
  name: string;
  position: number;
  retryable: boolean;
  maxAttempts: number;
  timeoutMs: number | null;
  /** The step's own backoff fields, stored as given; absent: the module's backoff applies. */
  backoff: object | undefined;
  /** How many steps it depends on (0: ready at once). */
  parents: number;
}

/** A dependency of the task to create: `childId` runs after `parentId`. */
export interface NewEdge {
  parentId: string;
  childId: string;
}

/** The task to create, as the create-task statement writes it. */
export interface NewTask {
  taskId: string;
  namedTaskId: number;
  namespace: string;
  name: string;
  version: string;
  /** The context, already serialised. */
  contextJson: string;
  initiator: string | null;
  sourceSystem: string | null;
  reason: string | null;
  tags: readonly string[];
  idempotencyKey: string | null;
  steps: readonly NewStep[];
  edges: readonly NewEdge[];
  /** Where to announce the ready root steps. */
  readyChannel: string;
}

/** The create-task statement's parameters, in placeholder order ($1 .. $25). */
export function createTaskParams(task: NewTask): unknown[] {
  const { steps, edges } = task;
  return [
    task.taskId,
    task.namedTaskId,
    task.namespace,
    task.name,
    task.version,
    task.contextJson,
    task.initiator,
    task.sourceSystem,
    task.reason,
    task.tags,
    task.idempotencyKey,
    steps.length,
    steps.filter((step) => step.parents === 0).length,
    steps.map((step) => step.id),
    steps.map((step) => step.namedStepId),
    steps.map((step) => step.name),
    steps.map((step) => step.position),
    steps.map((step) => step.retryable),
    steps.map((step) => step.maxAttempts),
    steps.map((step) => step.timeoutMs),
    steps.map((step) => (step.backoff === undefined ? null : JSON.stringify(step.backoff))),
    steps.map((step) => step.parents),
    edges.map((edge) => edge.parentId),
    edges.map((edge) => edge.childId),
    task.readyChannel,
  ];
}

/** Finds the task that holds an idempotency key (after the unique index refused a duplicate). */
export const findTaskByIdempotencyKeySql = (schema: string): string =>
  `SELECT id FROM ${schema}.tasks WHERE namespace = $1 AND name = $2 AND idempotency_key = $3`;
