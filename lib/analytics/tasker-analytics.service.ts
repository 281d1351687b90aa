import { Injectable } from '@nestjs/common';
import { TaskerDatabase } from '../persistence/tasker-database';
import type { BottleneckAnalytics, BottleneckFilter, PerformanceAnalytics, PeriodMetrics } from './analytics.interface';
import {
  analyticsMetricsSql,
  toPeriodMetrics,
  toSystemOverview,
  type AnalyticsMetricsRow,
} from './analytics-metrics.query';
import { errorPatternsSql, toErrorPattern, type ErrorPatternRow } from './error-patterns.query';
import { slowestStepsSql, slowestTasksSql, toSlowStep, toSlowTask, type SlowestRow } from './slowest.query';

const HOUR_MS = 3_600_000;
const DEFAULT_PERIOD_HOURS = 24;
const DEFAULT_LIMIT = 10;

/**
 * Reads Tasker's analytics from its SQL functions: throughput, completion and error rates and mean
 * durations over recent periods, and the bottlenecks (slowest tasks and steps, recurring errors).
 * Every read is an idempotent SELECT, retried on a fresh connection when its connection was lost.
 */
@Injectable()
export class TaskerAnalytics {
  private readonly metricsSql: string;
  private readonly slowestTasksSql: string;
  private readonly slowestStepsSql: string;
  private readonly errorPatternsSql: string;

  constructor(private readonly database: TaskerDatabase) {
    const { schema } = database;
    this.metricsSql = analyticsMetricsSql(schema);
    this.slowestTasksSql = slowestTasksSql(schema);
    this.slowestStepsSql = slowestStepsSql(schema);
    this.errorPatternsSql = errorPatternsSql(schema);
  }

  /** The figures of the last `hours` hours. */
  async period(hours: number, now = Date.now()): Promise<PeriodMetrics> {
    const since = new Date(now - hours * HOUR_MS);
    const [row] = await this.database.readQuery<AnalyticsMetricsRow>(this.metricsSql, [since]);
    return toPeriodMetrics(row, since);
  }

  /** The last hour, 4 hours and 24 hours, and the system overview. */
  async performance(): Promise<PerformanceAnalytics> {
    const now = Date.now();
    const sinceHour = new Date(now - HOUR_MS);
    // One after the other: the embedded database serves one statement at a time anyway, and a
    // monitoring page should not take three pooled connections at once.
    const [hourRow] = await this.database.readQuery<AnalyticsMetricsRow>(this.metricsSql, [sinceHour]);
    const last4Hours = await this.period(4, now);
    const last24Hours = await this.period(24, now);
    return {
      overview: toSystemOverview(hourRow),
      periods: { lastHour: toPeriodMetrics(hourRow, sinceHour), last4Hours, last24Hours },
      generatedAt: new Date().toISOString(),
    };
  }

  /** The slowest tasks and steps, and the most frequent failures, of the tasks created in the period. */
  async bottlenecks(filter: BottleneckFilter = {}): Promise<BottleneckAnalytics> {
    const periodHours = filter.periodHours ?? DEFAULT_PERIOD_HOURS;
    const since = new Date(Date.now() - periodHours * HOUR_MS);
    const values = [
      since,
      filter.limit ?? DEFAULT_LIMIT,
      filter.namespace ?? null,
      filter.name ?? null,
      filter.version ?? null,
    ];
    const tasks = await this.database.readQuery<SlowestRow>(this.slowestTasksSql, values);
    const steps = await this.database.readQuery<SlowestRow>(this.slowestStepsSql, values);
    const errors = await this.database.readQuery<ErrorPatternRow>(this.errorPatternsSql, values);
    return {
      scope: {
        namespace: filter.namespace ?? null,
        name: filter.name ?? null,
        version: filter.version ?? null,
        periodHours,
        since: since.toISOString(),
      },
      slowestTasks: tasks.map(toSlowTask),
      slowestSteps: steps.map(toSlowStep),
      errorPatterns: errors.map(toErrorPattern),
      generatedAt: new Date().toISOString(),
    };
  }
}
