/*
 * The parameters of the task-creating statement (createAndClaimTaskSql in create-task-claiming.query.ts,
 * $1 .. $25), and the lookup of a task by idempotency key.
 */

import type { TraceCarrier } from '../../tracing/trace-carrier';

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
  correlationId: string;
  /** The context of the task's span, stored for its steps' spans; null without tracing. */
  traceContext: TraceCarrier | null;
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
