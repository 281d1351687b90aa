import { Test } from '@nestjs/testing';
import { TaskerModule, TaskerService, type TaskerModuleOptions } from '../../lib';
import { TASKER_CONCURRENCY_PROVIDER } from '../../lib/concurrency/concurrency-limit.provider';
import type { StepWorker } from '../../lib/orchestration/step-worker.service';
import { StepWorker as StepWorkerClass } from '../../lib/orchestration/step-worker.service';
import type { CycleRow, OutcomeToWrite } from '../../lib/persistence/sql/run-cycle.query';
import { TaskerDatabase } from '../../lib/persistence/tasker-database';
import { ReliabilityFixtureModule, type ReliabilityProbe } from '../fixtures/reliability.fixture';
import { testLogger } from './engine-app';

/** A booted app with the reliability fixtures. */
export interface ReliabilityApp {
  tasker: TaskerService;
  database: TaskerDatabase;
  worker: StepWorker;
  probe: ReliabilityProbe;
  query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/**
 * Boots Tasker with the reliability fixtures. `concurrencyLimit` replaces the health-aware limit
 * with a fixed one (to run more handlers than the pool has connections, as an app whose own
 * provider says so would).
 */
export async function createReliabilityApp(
  options: TaskerModuleOptions,
  probe: ReliabilityProbe,
  settings: { concurrencyLimit?: number } = {},
): Promise<ReliabilityApp> {
  let builder = Test.createTestingModule({
    imports: [TaskerModule.forRoot(options), ReliabilityFixtureModule.register(probe)],
  }).setLogger(testLogger);
  const { concurrencyLimit } = settings;
  if (concurrencyLimit !== undefined) {
    builder = builder.overrideProvider(TASKER_CONCURRENCY_PROVIDER).useValue({ currentLimit: () => concurrencyLimit });
  }
  const module = await builder.compile();
  try {
    await module.init();
  } catch (error) {
    await module.close().catch(() => undefined);
    throw error;
  }
  let closed: Promise<void> | undefined;
  const database = module.get(TaskerDatabase);
  return {
    tasker: module.get(TaskerService),
    database,
    query: (sql, values) => database.query(sql, values),
    worker: module.get(StepWorkerClass),
    probe,
    close: () => (closed ??= module.close()),
  };
}

/** The round trip a worker sends (its gateway's run_cycle), as a test may wrap it. */
export interface WorkerRoundTrips {
  runCycle(claimLimit: number, outcomes: readonly OutcomeToWrite[], sent?: () => void): Promise<CycleRow[]>;
  expireLeases(limit: number, liveStepIds: readonly string[]): Promise<CycleRow[]>;
}

/**
 * The gateway a worker's round trips go through (checked at run time, so a rename in lib fails
 * loudly instead of wrapping nothing).
 */
export function roundTripsOf(worker: StepWorker): WorkerRoundTrips {
  const cycle = (worker as unknown as { cycle?: { statement?: Partial<WorkerRoundTrips> } }).cycle;
  const gateway = cycle?.statement;
  if (typeof gateway?.runCycle !== 'function' || typeof gateway.expireLeases !== 'function') {
    throw new Error('StepWorker has no cycle.statement gateway: update test/support/reliability-app.ts');
  }
  return gateway as WorkerRoundTrips;
}
