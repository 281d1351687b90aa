import type { PeriodMetrics } from './analytics.interface';
import { toIso, toNumber } from './sql-values';

/**
 * `analytics_metrics(since)` (migration 1764403200001): one row of system-wide figures for the
 * tasks and steps that finished since `$1`. It scans the tasks finished in the period (no index on
 * `completed_at`), so it costs more with a larger history; it is read on request only.
 */
export const analyticsMetricsSql = (schema: string): string => `SELECT * FROM ${schema}.analytics_metrics($1)`;

/** The row of `analytics_metrics()`; bigint and numeric columns arrive as strings on node-postgres. */
export type AnalyticsMetricsRow = Record<string, unknown>;

/** The system-wide counts of the row (the same whatever the period). */
export interface SystemOverviewCounts {
  activeTasks: number;
  namespaces: number;
  taskTypes: number;
  healthScore: number;
}

/** One period's figures from the row; `since` stands in when the row carries no start. */
export function toPeriodMetrics(row: AnalyticsMetricsRow | undefined, since: Date): PeriodMetrics {
  const value = (column: string): number => toNumber(row?.[column]);
  const completedSteps = value('step_throughput');
  // The health score is completed / (completed + error) over the steps that finished: its
  // complement is the share of those that failed.
  const healthScore = toNumber(row?.system_health_score, 1);
  return {
    since: toIso(row?.analysis_period_start) ?? since.toISOString(),
    taskThroughput: value('task_throughput'),
    completionCount: value('completion_count'),
    errorCount: value('error_count'),
    completionRate: value('completion_rate'),
    errorRate: value('error_rate'),
    avgTaskDurationMs: value('avg_task_duration_ms'),
    avgStepDurationMs: value('avg_step_duration_ms'),
    stepThroughput: completedSteps,
    stepErrorRate: Math.round((1 - healthScore) * 10_000) / 100,
  };
}

/** The system-wide counts of the row, which do not depend on the period. */
export function toSystemOverview(row: AnalyticsMetricsRow | undefined): SystemOverviewCounts {
  return {
    activeTasks: toNumber(row?.active_tasks),
    namespaces: toNumber(row?.total_namespaces),
    taskTypes: toNumber(row?.unique_task_types),
    healthScore: toNumber(row?.system_health_score, 1),
  };
}
