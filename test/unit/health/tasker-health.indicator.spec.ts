import { HealthIndicatorService } from '@nestjs/terminus';
import type { TaskerAnalytics } from '../../../lib/analytics/tasker-analytics.service';
import type { PeriodMetrics } from '../../../lib/analytics/analytics.interface';
import type { ConcurrencyLimitProvider } from '../../../lib/concurrency/concurrency-limit.provider';
import { TaskerHealthIndicator } from '../../../lib/health/tasker.health';
import type { ResolvedTaskerOptions } from '../../../lib/interfaces/tasker-module-options.interface';
import type { WorkerControl } from '../../../lib/orchestration/worker-control.port';
import type { TaskerDatabase } from '../../../lib/persistence/tasker-database';
import { TASKER_DEFAULTS } from '../../../lib/config/tasker.defaults';

const MIGRATIONS = ['CreateTables1', 'CreateFunctions2'];

/** The health counts row of an idle database with `errors` tasks in error. */
function countsRow(errors = 0): Record<string, unknown> {
  const columns = [
    'total_tasks',
    'pending_tasks',
    'in_progress_tasks',
    'complete_tasks',
    'error_tasks',
    'cancelled_tasks',
    'resolved_manually_tasks',
    'total_steps',
    'pending_steps',
    'in_progress_steps',
    'waiting_for_retry_steps',
    'complete_steps',
    'error_steps',
    'cancelled_steps',
    'resolved_manually_steps',
    'retryable_error_steps',
    'exhausted_retry_steps',
    'in_backoff_steps',
    'active_connections',
    'max_connections',
  ];
  return {
    ...Object.fromEntries(columns.map((column) => [column, '0'])),
    total_tasks: String(errors),
    error_tasks: String(errors),
    max_connections: 100,
  };
}

function lastHour(errorRate = 0): PeriodMetrics {
  return {
    since: '2026-01-01T00:00:00.000Z',
    taskThroughput: 0,
    completionCount: 0,
    errorCount: 0,
    completionRate: 100 - errorRate,
    errorRate,
    avgTaskDurationMs: 0,
    avgStepDurationMs: 0,
    stepThroughput: 0,
    stepErrorRate: 0,
  };
}

interface Setup {
  answer?: (sql: string) => Promise<unknown[]>;
  running?: boolean;
  workerEnabled?: boolean;
  pool?: { size: number; busy: number };
  errorRate?: number;
}

function indicator(setup: Setup = {}) {
  const queries: string[] = [];
  const answer =
    setup.answer ??
    ((sql: string) => {
      if (sql.includes('migrations')) return Promise.resolve(MIGRATIONS.map((name) => ({ name })));
      if (sql.includes('system_health_counts')) return Promise.resolve([countsRow()]);
      return Promise.resolve([{ '?column?': 1 }]);
    });
  const database = {
    schema: 'tasker',
    embedded: setup.pool === undefined,
    dataSource: { migrations: MIGRATIONS.map((name) => ({ name })) },
    poolStats: () => ({ idle: 0, waiting: 0, ...(setup.pool ?? { size: 1, busy: 0 }) }),
    readQuery: (sql: string) => {
      queries.push(sql);
      return answer(sql);
    },
  };
  const worker = { isRunning: setup.running ?? true, inFlight: 2 };
  const analytics = { period: () => Promise.resolve(lastHour(setup.errorRate)) };
  const concurrency: ConcurrencyLimitProvider = { currentLimit: () => 6 };
  const options: ResolvedTaskerOptions = {
    ...TASKER_DEFAULTS,
    worker: { ...TASKER_DEFAULTS.worker, enabled: setup.workerEnabled ?? true },
  };
  const subject = new TaskerHealthIndicator(
    new HealthIndicatorService(),
    database as unknown as TaskerDatabase,
    worker as unknown as WorkerControl,
    analytics as unknown as TaskerAnalytics,
    concurrency,
    options,
  );
  return { subject, queries };
}

describe('TaskerHealthIndicator', () => {
  describe('pingDatabase', () => {
    it('should be up with the response time when the database answers', async () => {
      const result = await indicator().subject.pingDatabase('db');

      expect(result).toEqual({ db: { status: 'up', responseTimeMs: expect.any(Number) as unknown } });
    });

    it('should be down with the reason when the query fails', async () => {
      const { subject } = indicator({ answer: () => Promise.reject(new Error('connection refused')) });

      expect(await subject.pingDatabase('db')).toEqual({
        db: { status: 'down', message: 'the database did not answer: connection refused' },
      });
    });

    it('should be down when the database does not answer in time', async () => {
      const { subject } = indicator({ answer: () => new Promise(() => undefined) });

      expect(await subject.pingDatabase('db', 20)).toEqual({
        db: { status: 'down', message: 'the database did not answer within 20 ms' },
      });
    });
  });

  describe('checkMigrations', () => {
    it('should be down naming the migrations not applied', async () => {
      const { subject } = indicator({ answer: () => Promise.resolve([{ name: 'CreateTables1' }]) });

      expect(await subject.checkMigrations('migrations')).toEqual({
        migrations: {
          status: 'down',
          message: "1 of Tasker's migrations are not applied",
          pending: ['CreateFunctions2'],
        },
      });
    });

    it('should be up once all are applied, and stop asking', async () => {
      const { subject, queries } = indicator();

      expect(await subject.checkMigrations('migrations')).toEqual({ migrations: { status: 'up', applied: 2 } });
      expect(await subject.checkMigrations('migrations')).toEqual({ migrations: { status: 'up', applied: 2 } });
      expect(queries).toHaveLength(1);
    });
  });

  describe('checkWorker', () => {
    it('should be up when the worker runs or is off, down when it is on and stopped', () => {
      expect(indicator().subject.checkWorker('worker')).toEqual({
        worker: { status: 'up', enabled: true, running: true, inFlight: 2 },
      });
      expect(indicator({ workerEnabled: false, running: false }).subject.checkWorker('worker')).toEqual({
        worker: { status: 'up', enabled: false },
      });
      expect(indicator({ running: false }).subject.checkWorker('worker')).toEqual({
        worker: {
          status: 'down',
          enabled: true,
          running: false,
          inFlight: 2,
          message: 'the worker loop is not running',
        },
      });
    });
  });

  describe('isHealthy', () => {
    it('should combine the three readiness checks under one key', async () => {
      const up = await indicator().subject.isHealthy('tasker');
      const down = await indicator({ running: false }).subject.isHealthy('tasker');

      expect(up.tasker.status).toBe('up');
      expect(down.tasker).toMatchObject({ status: 'down', worker: { status: 'down' }, database: { status: 'up' } });
    });
  });

  describe('checkStatus', () => {
    it('should report counts, pool, concurrency and the last hour, up when within the thresholds', async () => {
      const result = await indicator({ pool: { size: 20, busy: 3 } }).subject.checkStatus('tasker');

      expect(result.tasker).toMatchObject({
        status: 'up',
        tasks: { total: 0, pending: 0, error: 0 },
        steps: { total: 0, waiting_for_retry: 0 },
        retries: { waitingForRetry: 0, inBackoff: 0, exhausted: 0 },
        database: { embedded: false, pool: { size: 20, busy: 3, utilization: 0.15 }, serverConnections: { max: 100 } },
        concurrency: { limit: 6, min: 3, max: 12, inFlight: 2 },
        worker: { enabled: true, running: true },
        problems: [],
      });
    });

    it('should be down, saying why, over 90 % pool use or over 50 % failures in the last hour', async () => {
      const pool = await indicator({ pool: { size: 10, busy: 10 } }).subject.checkStatus('tasker');
      const errors = await indicator({ errorRate: 75 }).subject.checkStatus('tasker');

      expect(pool.tasker).toMatchObject({ status: 'down', problems: ['database pool 100% in use, over 90%'] });
      expect(errors.tasker).toMatchObject({
        status: 'down',
        database: { embedded: true, pool: null },
        problems: ['75% of the tasks finished in the last hour failed, over 50%'],
      });
    });

    it('should be down when the figures cannot be read', async () => {
      const { subject } = indicator({ answer: () => Promise.reject(new Error('relation does not exist')) });

      expect(await subject.checkStatus('tasker')).toEqual({
        tasker: { status: 'down', message: 'could not read the status figures: relation does not exist' },
      });
    });
  });
});
