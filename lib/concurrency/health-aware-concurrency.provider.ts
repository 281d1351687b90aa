import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { TaskerDatabase } from '../persistence/tasker-database';
import { TASKER_OPTIONS } from '../config/tasker.tokens';
import { computeConcurrencyLimit } from './compute-concurrency-limit';
import type { ConcurrencyLimitProvider } from './concurrency-limit.provider';
import type { ConcurrencySnapshot } from './concurrency-snapshot.interface';
import type { PoolSample } from './pool-pressure';
import {
  parseSystemHealthCounts,
  systemHealthCountsSql,
  type SystemHealthCounts,
  type SystemHealthCountsRow,
} from './system-health-counts.query';
import { logLine } from '../logging/log-line';

/** What the provider reads. `TaskerDatabase` has this shape; tests pass a fake. */
export interface ConcurrencyMeasurementSource {
  readonly schema: string;
  readonly embedded: boolean;
  poolStats(): PoolSample;
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

/**
 * The health-aware concurrency limit: the smaller of a pool-pressure figure (Tasker's pg pool,
 * never more than 60 % of its free connections) and a system-load figure
 * (`system_health_counts()`), clamped to `concurrency.min..max` last, so `min` always wins.
 *
 * - `currentLimit()` is synchronous and cheap: it returns the last measurement. When that is
 *   `cacheTtlMs` old it starts one background measurement (never two at once) and still answers
 *   with the old value; the new one applies from the next call after it finishes.
 * - The first measurement runs in `onModuleInit`, so it is done before any
 *   `onApplicationBootstrap` (the worker starts there; sibling bootstrap hooks run concurrently,
 *   so measuring in our own bootstrap hook would race the worker). Until a measurement exists
 *   the limit is `min`.
 * - Any failure (query error, missing or non-numeric counts, bad pool figures) gives `min` for
 *   one `cacheTtlMs`; it is logged once per failure streak, and the recovery once.
 * - A change of limit is logged as one structured line (previous, new, the figures behind it).
 * - `inputs()` exposes the last measurement for the limit metric and `/health/status`.
 * - Embedded database (PGlite): its single session makes the pool figure fixed, so it is not
 *   used; the limit is the load figure, clamped.
 *
 * The load figure keeps the original's ratios (active / all rows). With a growing history they
 * tend to 0, so the figure mostly says `max` and the pool figure and the clamp do the bounding.
 * It is not replaced by a capacity-based ratio (active / something like `max`), because that
 * lowers the limit exactly when a backlog builds up and so slows the draining of the backlog
 * (a feedback loop towards `min + 1`); and the counts hold no time window to measure "recent"
 * work against. A windowed count (rows finished in the last N minutes) in the health function is
 * the proper follow-up.
 */
@Injectable()
export class HealthAwareConcurrencyProvider
  implements ConcurrencyLimitProvider, OnModuleInit, BeforeApplicationShutdown
{
  private readonly logger = new Logger(HealthAwareConcurrencyProvider.name);
  private readonly sql: string;
  private snapshot: ConcurrencySnapshot | undefined;
  private measuring: Promise<ConcurrencySnapshot> | undefined;
  private failing = false;
  private closing = false;

  constructor(
    @Inject(TaskerDatabase) private readonly database: ConcurrencyMeasurementSource,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
  ) {
    this.sql = systemHealthCountsSql(database.schema);
  }

  async onModuleInit(): Promise<void> {
    // A client-only process (worker off) never runs handlers: its boot need not pay for the
    // health counts, which scan the task tables. It measures on first use, if any.
    if (this.options.worker.enabled) await this.refresh();
  }

  /** Stops measuring (the database closes next) and lets a measurement in flight finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.measuring;
  }

  currentLimit(): number {
    const snapshot = this.snapshot;
    if (!this.closing && this.measuring === undefined && (snapshot === undefined || this.isStale(snapshot))) {
      void this.refresh();
    }
    return snapshot?.limit ?? this.options.concurrency.min;
  }

  inputs(): ConcurrencySnapshot | undefined {
    return this.snapshot;
  }

  /**
   * Measures now, or joins the measurement in flight. Never rejects: a failure yields a snapshot
   * with `limit = min` and `error` set. After shutdown began it returns the last snapshot.
   */
  refresh(): Promise<ConcurrencySnapshot> {
    if (this.measuring !== undefined) return this.measuring;
    if (this.closing && this.snapshot !== undefined) return Promise.resolve(this.snapshot);
    const measuring = this.measure().finally(() => {
      this.measuring = undefined;
    });
    this.measuring = measuring;
    return measuring;
  }

  private isStale(snapshot: ConcurrencySnapshot): boolean {
    return Date.now() - snapshot.measuredAt >= this.options.concurrency.cacheTtlMs;
  }

  private async measure(): Promise<ConcurrencySnapshot> {
    const { min, max, cacheTtlMs } = this.options.concurrency;
    const base = { bounds: { min, max, cacheTtlMs }, embedded: false };
    let poolStats: PoolSample | undefined;
    let counts: SystemHealthCounts | undefined;
    let next: ConcurrencySnapshot;
    try {
      base.embedded = this.database.embedded;
      // Read the pool before the health query, which checks a connection out itself.
      poolStats = base.embedded ? undefined : { ...this.database.poolStats() };
      const rows = await this.database.query<SystemHealthCountsRow>(this.sql);
      counts = parseSystemHealthCounts(rows[0]);
      const result = computeConcurrencyLimit({ pool: poolStats, load: counts }, { min, max });
      next = { ...base, ...result, measuredAt: Date.now(), poolStats, counts, error: undefined };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      next = {
        ...base,
        limit: min,
        measuredAt: Date.now(),
        poolStats,
        counts,
        pool: undefined,
        load: undefined,
        unclamped: undefined,
        error: message,
      };
    }
    this.record(next);
    return next;
  }

  private record(next: ConcurrencySnapshot): void {
    const previous = this.snapshot;
    this.snapshot = next;
    if (next.error !== undefined) {
      if (!this.failing) {
        this.logger.warn(
          logLine('Could not measure the concurrency limit: using concurrency.min until a measurement succeeds', {
            error: next.error,
            limit: next.limit,
          }),
        );
      }
      this.failing = true;
    } else if (this.failing) {
      this.failing = false;
      this.logger.log(logLine('Concurrency limit measurement recovered', { limit: next.limit }));
    }
    if (previous?.limit !== next.limit) {
      this.logger.log(logLine('Concurrency limit changed', describeChange(previous?.limit, next)));
    }
  }
}

/** The fields of the "limit changed" line: old and new limit and what the new one came from. */
function describeChange(previousLimit: number | undefined, next: ConcurrencySnapshot): Record<string, unknown> {
  const { pool, load, counts, poolStats } = next;
  return {
    previousLimit: previousLimit ?? null,
    limit: next.limit,
    min: next.bounds.min,
    max: next.bounds.max,
    embedded: next.embedded,
    pool:
      pool === undefined || poolStats === undefined
        ? null
        : {
            size: poolStats.size,
            busy: poolStats.busy,
            utilization: pool.utilization,
            pressure: pool.pressure,
            maxSafe: pool.maxSafe,
            figure: pool.figure,
          },
    load:
      load === undefined || counts === undefined
        ? null
        : {
            activeTasks: counts.pendingTasks + counts.inProgressTasks,
            totalTasks: counts.totalTasks,
            activeSteps: counts.pendingSteps + counts.inProgressSteps,
            totalSteps: counts.totalSteps,
            combined: load.combined,
            tier: load.tier,
            figure: load.figure,
          },
    error: next.error ?? null,
  };
}
