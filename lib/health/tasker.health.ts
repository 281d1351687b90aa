import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { TaskerAnalytics } from '../analytics/tasker-analytics.service';
import { TASKER_CONCURRENCY_PROVIDER, type ConcurrencyLimitProvider } from '../concurrency/concurrency-limit.provider';
import {
  parseSystemHealthCounts,
  systemHealthCountsSql,
  type SystemHealthCountsRow,
} from '../concurrency/system-health-counts.query';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { WorkerControl } from '../orchestration/worker-control.port';
import { TaskerDatabase } from '../persistence/tasker-database';
import { TASKER_OPTIONS } from '../config/tasker.tokens';
import { appliedMigrationsSql } from './applied-migrations.query';
import { raceTimeout } from './race-timeout';
import { statusProblems } from './status-problems';

/** How long the database ping and the migration check may take by default. */
export const TASKER_HEALTH_TIMEOUT_MS = 3000;
/** How long the status check (counts over the task tables, last-hour figures) may take. */
const STATUS_TIMEOUT_MS = 10_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Terminus health indicators for Tasker, for `/{http.path}/health/*` and for an app's own health
 * controller:
 *
 * ```ts
 * @Get('health')
 * @HealthCheck()
 * check() {
 *   return this.health.check([() => this.tasker.isHealthy('tasker')]);
 * }
 * ```
 *
 * Each method answers a terminus result under `key`: `up` or `down` with facts about the check.
 * None of them throws.
 * @publicApi
 */
@Injectable()
export class TaskerHealthIndicator {
  private readonly migrationsSql: string;
  private readonly countsSql: string;
  /** Applied migrations never become unapplied: once all are seen, the check stops asking. */
  private migrationsConfirmed = false;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly database: TaskerDatabase,
    private readonly worker: WorkerControl,
    private readonly analytics: TaskerAnalytics,
    @Inject(TASKER_CONCURRENCY_PROVIDER) private readonly concurrency: ConcurrencyLimitProvider,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
  ) {
    this.migrationsSql = appliedMigrationsSql(database.schema);
    this.countsSql = systemHealthCountsSql(database.schema);
  }

  /** `up` with `responseTimeMs` when Tasker's database answers `SELECT 1` within `timeoutMs`. */
  async pingDatabase<Key extends string>(
    key: Key,
    timeoutMs = TASKER_HEALTH_TIMEOUT_MS,
  ): Promise<HealthIndicatorResult<Key>> {
    const session = this.indicators.check(key);
    const started = Date.now();
    try {
      const raced = await raceTimeout(this.database.readQuery('SELECT 1'), timeoutMs);
      if ('timedOut' in raced) return session.down({ message: `the database did not answer within ${timeoutMs} ms` });
      return session.up({ responseTimeMs: Date.now() - started });
    } catch (error) {
      return session.down({ message: `the database did not answer: ${messageOf(error)}` });
    }
  }

  /** `up` when every migration of this version of Tasker is recorded as applied; else `pending` names the rest. */
  async checkMigrations<Key extends string>(
    key: Key,
    timeoutMs = TASKER_HEALTH_TIMEOUT_MS,
  ): Promise<HealthIndicatorResult<Key>> {
    const session = this.indicators.check(key);
    const expected = this.database.dataSource.migrations.map(
      (migration) => migration.name ?? migration.constructor.name,
    );
    if (this.migrationsConfirmed) return session.up({ applied: expected.length });
    try {
      const raced = await raceTimeout(this.database.readQuery<{ name: string }>(this.migrationsSql), timeoutMs);
      if ('timedOut' in raced)
        return session.down({ message: `the migrations table did not answer within ${timeoutMs} ms` });
      const applied = new Set(raced.value.map((row) => row.name));
      const pending = expected.filter((name) => !applied.has(name));
      if (pending.length > 0) {
        return session.down({ message: `${pending.length} of Tasker's migrations are not applied`, pending });
      }
      this.migrationsConfirmed = true;
      return session.up({ applied: expected.length });
    } catch (error) {
      return session.down({ message: `could not read the applied migrations: ${messageOf(error)}` });
    }
  }

  /**
   * `up` when the worker loop of this process runs, or when the worker is off (`worker.enabled:
   * false`, a client-only process); `down` when it is on but not running (not started yet with
   * `worker.autoStart: false`, or stopping).
   */
  checkWorker<Key extends string>(key: Key): HealthIndicatorResult<Key> {
    const session = this.indicators.check(key);
    const { enabled } = this.options.worker;
    if (!enabled) return session.up({ enabled });
    const facts = { enabled, running: this.worker.isRunning, inFlight: this.worker.inFlight };
    return facts.running ? session.up(facts) : session.down({ ...facts, message: 'the worker loop is not running' });
  }

  /** Readiness in one result: the database answers, the migrations are applied and the worker runs. */
  async isHealthy<Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const session = this.indicators.check(key);
    const database = (await this.pingDatabase('database')).database;
    const migrations = (await this.checkMigrations('migrations')).migrations;
    const worker = this.checkWorker('worker').worker;
    const facts = { database, migrations, worker };
    const healthy = [database, migrations, worker].every((check) => check.status === 'up');
    return healthy ? session.up(facts) : session.down(facts);
  }

  /**
   * Task and step counts by status, retries and backoffs, Tasker's connection pool against its
   * size, the concurrency limit and the steps in flight, and the last hour's error rates. `down`
   * (with `problems` saying why) when more than 90 % of the pool is in use or more than half of
   * the tasks or steps that finished in the last hour failed, or when the figures cannot be read.
   * The counts scan the task tables: meant for operators and dashboards, not for a probe that
   * runs every second on a large history.
   */
  async checkStatus<Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const session = this.indicators.check(key);
    // Read the pool before the queries below check connections out of it.
    const pool = this.database.embedded ? null : this.database.poolStats();
    try {
      const raced = await raceTimeout(this.readFigures(), STATUS_TIMEOUT_MS);
      if ('timedOut' in raced)
        return session.down({ message: `the status figures were not read within ${STATUS_TIMEOUT_MS} ms` });
      const { counts: c, lastHour } = raced.value;
      const utilization = pool === null || pool.size === 0 ? null : pool.busy / pool.size;
      const problems = statusProblems({
        poolUtilization: utilization,
        taskErrorRate: lastHour.errorRate,
        stepErrorRate: lastHour.stepErrorRate,
      });
      const { min, max } = this.options.concurrency;
      const facts = {
        tasks: {
          total: c.totalTasks,
          pending: c.pendingTasks,
          in_progress: c.inProgressTasks,
          complete: c.completeTasks,
          error: c.errorTasks,
          cancelled: c.cancelledTasks,
          resolved_manually: c.resolvedManuallyTasks,
        },
        steps: {
          total: c.totalSteps,
          pending: c.pendingSteps,
          in_progress: c.inProgressSteps,
          waiting_for_retry: c.waitingForRetrySteps,
          complete: c.completeSteps,
          error: c.errorSteps,
          cancelled: c.cancelledSteps,
          resolved_manually: c.resolvedManuallySteps,
        },
        retries: {
          waitingForRetry: c.retryableErrorSteps,
          inBackoff: c.inBackoffSteps,
          exhausted: c.exhaustedRetrySteps,
        },
        database: {
          embedded: this.database.embedded,
          pool: pool === null ? null : { ...pool, utilization: utilization === null ? null : round(utilization) },
          serverConnections: { active: c.activeConnections, max: c.maxConnections },
        },
        concurrency: { limit: this.concurrency.currentLimit(), min, max, inFlight: this.worker.inFlight },
        worker: { enabled: this.options.worker.enabled, running: this.worker.isRunning },
        lastHour,
        problems,
      };
      return problems.length === 0 ? session.up(facts) : session.down(facts);
    } catch (error) {
      return session.down({ message: `could not read the status figures: ${messageOf(error)}` });
    }
  }

  private async readFigures() {
    const [row] = await this.database.readQuery<SystemHealthCountsRow>(this.countsSql);
    const counts = parseSystemHealthCounts(row);
    const lastHour = await this.analytics.period(1);
    return { counts, lastHour };
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
