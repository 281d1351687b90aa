/** One finished task's run time, as the task-durations query reads it. */
export interface TaskDuration {
  namespace: string;
  name: string;
  status: string;
  seconds: number;
}

/**
 * What one Tasker module instance reports to the process's metrics at scrape time: the gauges'
 * readings and the run times of the tasks it saw finish. Several instances in one process (two
 * apps, two schemas) each attach one; the gauges add their readings up or take the largest.
 */
export interface TaskerMetricSource {
  /** Steps running in this instance's worker now. */
  inFlight(): number;
  /** The worker's concurrency limit now (0 when the worker is disabled). */
  concurrencyLimit(): number;
  /** Connections of this instance's pool checked out now (0 on the embedded database). */
  poolInUse(): number;
  /** Pool utilization (busy / size) of the last concurrency measurement; undefined when not measured. */
  poolPressure(): number | undefined;
  /** Combined system load of the last concurrency measurement; undefined when not measured. */
  systemLoad(): number | undefined;
  /** Steps ready to run and due (rate-limited: a cached reading, refreshed at most every few seconds). */
  readySteps(): Promise<number | undefined>;
  /** The run times of the tasks seen finishing since the last call (one query for all of them). */
  takeTaskDurations(): Promise<TaskDuration[]>;
}
