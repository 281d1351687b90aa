/** Above this share of Tasker's connection pool in use, the status is unhealthy. */
export const MAX_POOL_UTILIZATION = 0.9;

/** Above this percentage of failures (tasks or steps finished in the last hour), the status is unhealthy. */
export const MAX_ERROR_RATE_PERCENT = 50;

/** What the status check judges. */
export interface StatusFigures {
  /** Busy connections / pool size (0..1); null on the embedded database, which has no pool to exhaust. */
  poolUtilization: number | null;
  /** Percentage of the tasks finished in the last hour that finished in `error`. */
  taskErrorRate: number;
  /** Percentage of the steps finished in the last hour that ended in `error`. */
  stepErrorRate: number;
}

/** Why the status is unhealthy, one sentence per reason; empty when it is healthy. */
export function statusProblems(figures: StatusFigures): string[] {
  const problems: string[] = [];
  if (figures.poolUtilization !== null && figures.poolUtilization > MAX_POOL_UTILIZATION) {
    problems.push(
      `database pool ${percent(figures.poolUtilization * 100)} in use, over ${percent(MAX_POOL_UTILIZATION * 100)}`,
    );
  }
  if (figures.taskErrorRate > MAX_ERROR_RATE_PERCENT) {
    problems.push(
      `${percent(figures.taskErrorRate)} of the tasks finished in the last hour failed, over ${percent(MAX_ERROR_RATE_PERCENT)}`,
    );
  }
  if (figures.stepErrorRate > MAX_ERROR_RATE_PERCENT) {
    problems.push(
      `${percent(figures.stepErrorRate)} of the steps finished in the last hour failed, over ${percent(MAX_ERROR_RATE_PERCENT)}`,
    );
  }
  return problems;
}

function percent(value: number): string {
  return `${Math.round(value * 100) / 100}%`;
}
