/** Task and step figures over one period, from `analytics_metrics(since)`. @publicApi */
export interface PeriodMetrics {
  /** Start of the period (ISO-8601). */
  since: string;
  /** Tasks created in the period. */
  taskThroughput: number;
  /** Tasks that finished `complete` in the period. */
  completionCount: number;
  /** Tasks that finished `error` in the period. */
  errorCount: number;
  /** Percentage (0-100) of the tasks that finished in the period that finished `complete`. */
  completionRate: number;
  /** Percentage (0-100) of the tasks that finished in the period that finished `error`. */
  errorRate: number;
  /** Mean duration of the tasks completed in the period, from start (or creation) to completion. */
  avgTaskDurationMs: number;
  /** Mean duration of the last attempt of the steps completed in the period. */
  avgStepDurationMs: number;
  /** Steps completed in the period. */
  stepThroughput: number;
  /** Percentage (0-100) of the steps that finished in the period (complete or error) that ended in `error`. */
  stepErrorRate: number;
}

/** `GET /analytics/performance`. @publicApi */
export interface PerformanceAnalytics {
  overview: {
    /** Tasks pending or in progress now. */
    activeTasks: number;
    namespaces: number;
    /** Distinct namespace/name pairs registered in the database. */
    taskTypes: number;
    /** completed / (completed + error) over the steps finished in the last hour; 1 when none finished. */
    healthScore: number;
  };
  periods: { lastHour: PeriodMetrics; last4Hours: PeriodMetrics; last24Hours: PeriodMetrics };
  generatedAt: string;
}

/** Which tasks `GET /analytics/bottlenecks` looks at. @publicApi */
export interface BottleneckFilter {
  namespace?: string;
  name?: string;
  version?: string;
  /** Tasks created in the last `periodHours` hours [24]. */
  periodHours?: number;
  /** Rows per list [10]. */
  limit?: number;
}

/** A finished task, with how long it took. @publicApi */
export interface SlowTask {
  taskId: string;
  namespace: string;
  name: string;
  version: string;
  status: string;
  durationMs: number;
  stepCount: number;
  completedSteps: number;
  errorSteps: number;
  createdAt: string | null;
  completedAt: string | null;
  initiator: string | null;
  sourceSystem: string | null;
}

/** A completed step, with the duration of its last attempt. @publicApi */
export interface SlowStep {
  stepId: string;
  taskId: string;
  stepName: string;
  namespace: string;
  name: string;
  version: string;
  durationMs: number;
  attempts: number;
  retryable: boolean;
  status: string;
  completedAt: string | null;
}

/** Failures of one step of one task type with one error type and code. @publicApi */
export interface ErrorPattern {
  namespace: string;
  name: string;
  stepName: string;
  /** The error class (`type` of the step error). */
  errorType: string;
  errorCode: string | null;
  /** Failed attempts in the period. */
  occurrences: number;
  /** Tasks those attempts belong to. */
  tasks: number;
  lastSeenAt: string | null;
  /** The message of the most recent occurrence. */
  lastMessage: string;
}

/** `GET /analytics/bottlenecks`. @publicApi */
export interface BottleneckAnalytics {
  scope: { namespace: string | null; name: string | null; version: string | null; periodHours: number; since: string };
  slowestTasks: SlowTask[];
  slowestSteps: SlowStep[];
  errorPatterns: ErrorPattern[];
  generatedAt: string;
}
