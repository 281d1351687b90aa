import type { StepStatus, TaskStatus } from '../domain/statuses';

// Defined with the status lists they are derived from; part of the public task view.
export type { StepStatus, TaskStatus };

/** What `createTask` accepts. @publicApi */
export interface TaskRequest {
  namespace?: string;
  name: string;
  /** Absent: the newest registered version. */
  version?: string;
  context: object;
  initiator?: string;
  sourceSystem?: string;
  reason?: string;
  tags?: string[];
  idempotencyKey?: string;
  /**
   * Ties the task's log lines and spans to the caller's request: 1..100 characters of
   * `[A-Za-z0-9_-]`, starting with a letter or digit. Absent: a UUID is generated.
   */
  correlationId?: string;
}

/** The last failure of a step. @publicApi */
export interface StepErrorView {
  message: string;
  code: string | null;
  type: string;
}

/** @publicApi */
export interface StepView {
  id: string;
  name: string;
  status: StepStatus;
  dependsOn: string[];
  attempts: number;
  maxAttempts: number;
  retryable: boolean;
  /** The results stored for the step (any JSON value); null when it has none. */
  results: unknown;
  error: StepErrorView | null;
  lastAttemptedAt: string | null;
  nextRetryAt: string | null;
  completedAt: string | null;
}

/** @publicApi */
export interface TaskView {
  id: string;
  namespace: string;
  name: string;
  version: string;
  status: TaskStatus;
  context: Record<string, unknown>;
  initiator: string | null;
  sourceSystem: string | null;
  reason: string | null;
  tags: string[];
  idempotencyKey: string | null;
  /** The request's `correlationId`, or the one generated at creation (the task id for tasks created before Tasker stored one). */
  correlationId: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  /** In dependency order. */
  steps: StepView[];
}

/** Filters of `listTasks`. @publicApi */
export interface TaskListQuery {
  status?: TaskStatus;
  namespace?: string;
  name?: string;
  limit?: number;
  offset?: number;
}

/** @publicApi */
export interface TaskList {
  tasks: TaskView[];
  total: number;
}

/** Why a step is not running. @publicApi */
export type StepBlockedReason =
  'none' | 'dependencies' | 'backoff' | 'retries_exhausted' | 'in_progress' | 'finished' | 'cancelled' | 'concurrency';

/** @publicApi */
export type TaskExecutionStatus =
  'has_ready_steps' | 'processing' | 'blocked_by_failures' | 'all_complete' | 'waiting_for_dependencies';

/** @publicApi */
export interface StepExplanation {
  name: string;
  status: StepStatus;
  ready: boolean;
  blockedBy: StepBlockedReason;
  waitingOn: string[];
  totalParents: number;
  completedParents: number;
  attempts: number;
  maxAttempts: number;
  nextRetryAt: string | null;
}

/** @publicApi */
export interface TaskExplanation {
  taskId: string;
  status: TaskStatus;
  executionStatus: TaskExecutionStatus;
  totalSteps: number;
  completedSteps: number;
  readySteps: number;
  failedSteps: number;
  inProgressSteps: number;
  completionPercentage: number;
  steps: StepExplanation[];
}
