import type { DynamicModule, LoggerService, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TaskerModule, TaskerService, type StepStatus, type TaskerModuleOptions } from '../../lib';
import { StepWorker } from '../../lib/orchestration/step-worker.service';
import { TaskerDatabase } from '../../lib/persistence/tasker-database';
import { EngineFixtureModule, EngineProbe } from '../fixtures/engine.fixture';

export interface LogEntry {
  level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
  message: unknown;
  params: unknown[];
}

/**
 * Keeps every log line in memory instead of printing it (set TASKER_TEST_LOGS=1 to print warnings
 * and errors too). Nest's logger override is process-wide, so one instance serves every app of a
 * test file.
 */
export class CapturingLogger implements LoggerService {
  readonly entries: LogEntry[] = [];
  private readonly print = process.env.TASKER_TEST_LOGS === '1';

  log(message: unknown, ...params: unknown[]): void {
    this.add('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.add('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.add('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.add('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.add('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.add('fatal', message, params);
  }

  /** Entries whose text (message and params) contains `text`. */
  matching(level: LogEntry['level'], text: string): LogEntry[] {
    return this.entries.filter(
      (entry) => entry.level === level && JSON.stringify([entry.message, entry.params]).includes(text),
    );
  }

  private add(level: LogEntry['level'], message: unknown, params: unknown[]): void {
    this.entries.push({ level, message, params });
    if (this.print && (level === 'error' || level === 'warn' || level === 'fatal')) {
      process.stderr.write(`[${level}] ${JSON.stringify([message, ...params])}\n`);
    }
  }
}

/** The logger of every app this file creates. */
export const testLogger = new CapturingLogger();

/** A booted Tasker app with the engine fixtures and its probe. */
export interface EngineApp {
  module: TestingModule;
  tasker: TaskerService;
  database: TaskerDatabase;
  worker: StepWorker;
  probe: EngineProbe;
  query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export interface EngineOverrides {
  schema?: string;
  poolSize?: number;
  worker?: TaskerModuleOptions['worker'];
  concurrency?: TaskerModuleOptions['concurrency'];
  backoff?: TaskerModuleOptions['backoff'];
}

/**
 * Test options: fast polling, a small backoff without jitter, no HTTP. `url` undefined: the
 * embedded PGlite.
 */
export function engineOptions(url: string | undefined, overrides: EngineOverrides = {}): TaskerModuleOptions {
  return {
    database: { url, schema: overrides.schema, poolSize: overrides.poolSize },
    worker: { pollIntervalMs: 100, shutdownTimeoutMs: 2000, ...overrides.worker },
    concurrency: { min: 1, max: 8, ...overrides.concurrency },
    backoff: { baseMs: 5, multiplier: 2, maxMs: 50, jitter: 0, ...overrides.backoff },
    http: { enabled: false },
  };
}

type Imports = Array<Type<unknown> | DynamicModule>;

/**
 * Boots an app with Tasker and the engine fixtures reporting to `probe`; `before` are imported
 * ahead of the fixtures (their providers are discovered, and subscribe to events, first), `after`
 * behind them.
 */
export async function createEngineApp(
  options: TaskerModuleOptions,
  probe: EngineProbe = new EngineProbe(),
  imports: { before?: Imports; after?: Imports } = {},
): Promise<EngineApp> {
  const module = await Test.createTestingModule({
    imports: [
      TaskerModule.forRoot(options),
      ...(imports.before ?? []),
      EngineFixtureModule.register(probe),
      ...(imports.after ?? []),
    ],
  })
    .setLogger(testLogger)
    .compile();
  try {
    await module.init();
  } catch (error) {
    await module.close().catch(() => undefined);
    throw error;
  }
  const database = module.get(TaskerDatabase);
  let closed: Promise<void> | undefined;
  return {
    module,
    tasker: module.get(TaskerService),
    database,
    worker: module.get(StepWorker),
    probe,
    query: (sql, values) => database.query(sql, values),
    close: () => (closed ??= module.close()),
  };
}

/** A step row as the database holds it (for assertions beyond the public view). */
export interface StepRow {
  id: string;
  name: string;
  status: StepStatus;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  results: unknown;
  last_error: { message: string; code: string | null; type: string } | null;
}

export function stepRows(app: Pick<EngineApp, 'query'>, taskId: string, schema = 'tasker'): Promise<StepRow[]> {
  return app.query<StepRow>(
    `SELECT id, name, status, attempts, max_attempts, lease_owner, results, last_error
     FROM ${schema}.steps WHERE task_id = $1 ORDER BY position`,
    [taskId],
  );
}

export interface StepTransitionRow {
  id: string;
  step_id: string;
  step_name: string;
  from_status: string | null;
  to_status: string;
  attempt: number;
  worker: string | null;
  error: { message: string; code: string | null; type: string } | null;
  created_at: Date;
}

export function stepTransitions(
  app: Pick<EngineApp, 'query'>,
  taskId: string,
  schema = 'tasker',
): Promise<StepTransitionRow[]> {
  return app.query<StepTransitionRow>(
    `SELECT t.id, t.step_id, s.name AS step_name, t.from_status, t.to_status, t.attempt, t.worker, t.error, t.created_at
     FROM ${schema}.step_transitions t JOIN ${schema}.steps s ON s.id = t.step_id
     WHERE t.task_id = $1 ORDER BY t.id`,
    [taskId],
  );
}

/** Closes apps that exist, in order, even when one fails; rethrows the first failure. */
export async function closeAll(...apps: Array<{ close(): Promise<void> } | undefined>): Promise<void> {
  let failure: { error: unknown } | undefined;
  for (const app of apps) {
    try {
      await app?.close();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure !== undefined) throw failure.error;
}
