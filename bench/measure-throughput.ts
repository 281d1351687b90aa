import type { Client } from 'pg';
import type { Profiler } from 'node:inspector/promises';
import type { TaskerService } from '../lib';
import type { BenchApp } from './bench-app';
import { WORKLOADS, type WorkloadName } from './bench-fixtures';
import { WindowProfiler } from './cpu-profile';
import {
  cycleSnapshot,
  diffCycles,
  diffQueries,
  querySnapshot,
  resetCycleMaxima,
  type QuerySnapshot,
} from './pg-instrument';
import { BackendCpuTracker, nodeCpuMicros } from './proc-cpu';
import { round } from './stats';

/** What one timed window cost: the figures `cost` reports come from these. */
export interface WindowCost {
  steps: number;
  seconds: number;
  queries: QuerySnapshot;
  nodeCpuMicros: number;
  /** undefined when PostgreSQL's backends are not visible in this host's /proc. */
  pgCpuMicros: number | undefined;
  backendPids: number[];
}

export interface ThroughputResult {
  workload: WorkloadName;
  tasks: number;
  steps: number;
  seconds: number;
  stepsPerSec: number;
  tasksPerSec: number;
  roundTripsPerStep: number;
  cpuUsPerStep: number | null;
  nodeCpuUsPerStep: number;
  pgCpuUsPerStep: number | null;
  roundTrips: Record<string, number>;
  backends: number;
  createSeconds: number;
  /** What the worker's run_cycle round trips carried during the window. */
  batches: {
    runCycles: number;
    outcomesPerCycle: number | null;
    maxOutcomes: number;
    claimedPerCycle: number | null;
    maxClaimed: number;
    claimLimitPerCycle: number | null;
  };
  /** With `profile`: time spent in Tasker's SQL functions during the window (pg_stat_user_functions; track_functions = all). */
  pgFunctions?: Array<{ name: string; calls: number; totalMs: number; selfMs: number; selfUsPerStep: number }>;
  /** The concurrency provider's limit, sampled every 50 ms during the window. */
  limit: { min: number; max: number } | null;
  cost: WindowCost;
}

/** Creates `count` tasks of a workload, `lanes` createTask calls in flight at a time. */
export async function createTasks(
  tasker: TaskerService,
  workload: WorkloadName,
  count: number,
  lanes = 8,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await tasker.createTask(WORKLOADS[workload].request(i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane));
}

/** Runs `count` tasks through the worker, untimed (JIT, pool connections, plan caches). */
export async function warmUp(app: BenchApp, workload: WorkloadName, count: number): Promise<void> {
  await createTasks(app.tasker, workload, count);
  const done = app.events.expect(count);
  await app.tasker.startWorker();
  await done;
  await app.tasker.stopWorker();
}

/**
 * Throughput of one workload: `count` tasks are created while the worker is stopped (outside the
 * window), then the window runs from `startWorker()` until the event of the last task.completed
 * (published after the commit that completed it). During the window: every query the process
 * sends (pg-instrument), the CPU of this process (process.cpuUsage) and of the PostgreSQL
 * backends serving it (/proc/<pid>/stat).
 */
export async function measureThroughput(
  app: BenchApp,
  admin: Client,
  database: string,
  workload: WorkloadName,
  count: number,
  options: { analyze: boolean; profile: boolean },
): Promise<ThroughputResult & { profile?: Profiler.Profile }> {
  const createStarted = performance.now();
  await createTasks(app.tasker, workload, count);
  const createSeconds = (performance.now() - createStarted) / 1000;
  if (options.analyze) await admin.query('ANALYZE');
  await new Promise((resolve) => setTimeout(resolve, 200));

  const functions0 = options.profile ? await functionStats(admin) : undefined;
  const tracker = new BackendCpuTracker(admin, database);
  await tracker.start();
  const profiler = options.profile ? new WindowProfiler() : undefined;
  await profiler?.start();
  const done = app.events.expect(count);

  const limits: number[] = [];
  const sampleLimit = (): void => {
    const value = app.currentLimit();
    if (value !== undefined) limits.push(value);
  };
  sampleLimit();
  const limitTimer = setInterval(sampleLimit, 50);
  resetCycleMaxima();
  const cycles0 = cycleSnapshot();
  const queries0 = querySnapshot();
  const cpu0 = nodeCpuMicros();
  const t0 = performance.now();
  await app.tasker.startWorker();
  const tEnd = await done;
  const cpu1 = nodeCpuMicros();
  const queries1 = querySnapshot();
  const cycles = diffCycles(cycles0, cycleSnapshot());
  clearInterval(limitTimer);
  sampleLimit();
  const backend = await tracker.stop();
  const profile = await profiler?.stop();
  await app.tasker.stopWorker();

  const steps = count * WORKLOADS[workload].stepsPerTask;
  const functions1 = functions0 === undefined ? undefined : await functionStats(admin);
  const pgFunctions =
    functions0 === undefined || functions1 === undefined
      ? undefined
      : [...functions1.entries()]
          .map(([name, after]) => {
            const before = functions0.get(name) ?? { calls: 0, totalMs: 0, selfMs: 0 };
            const selfMs = after.selfMs - before.selfMs;
            return {
              name,
              calls: after.calls - before.calls,
              totalMs: round(after.totalMs - before.totalMs, 1) ?? 0,
              selfMs: round(selfMs, 1) ?? 0,
              selfUsPerStep: round((selfMs * 1000) / steps, 1) ?? 0,
            };
          })
          .filter((f) => f.calls > 0)
          .sort((a, b) => b.selfMs - a.selfMs);
  const seconds = (tEnd - t0) / 1000;
  const queries = diffQueries(queries0, queries1);
  const nodeCpu = cpu1 - cpu0;
  const cost: WindowCost = {
    steps,
    seconds,
    queries,
    nodeCpuMicros: nodeCpu,
    pgCpuMicros: backend.micros,
    backendPids: backend.pids,
  };

  const check = await admin.query<{ status: string; tasks: string }>(
    `SELECT status, count(*) AS tasks FROM tasker.tasks WHERE namespace = 'bench' AND name = $1 GROUP BY status`,
    [workload],
  );
  const notComplete = check.rows.filter((row) => row.status !== 'complete');
  if (notComplete.length > 0) {
    throw new Error(`${workload}: tasks left unfinished after the window: ${JSON.stringify(notComplete)}`);
  }

  return {
    workload,
    tasks: count,
    steps,
    seconds: round(seconds, 3) ?? 0,
    stepsPerSec: round(steps / seconds, 1) ?? 0,
    tasksPerSec: round(count / seconds, 1) ?? 0,
    roundTripsPerStep: round(queries.total / steps, 3) ?? 0,
    cpuUsPerStep: backend.micros === undefined ? null : round((nodeCpu + backend.micros) / steps, 1),
    nodeCpuUsPerStep: round(nodeCpu / steps, 1) ?? 0,
    pgCpuUsPerStep: backend.micros === undefined ? null : round(backend.micros / steps, 1),
    roundTrips: queries.byKind,
    backends: backend.pids.length,
    createSeconds: round(createSeconds, 2) ?? 0,
    batches: {
      runCycles: cycles.cycles,
      outcomesPerCycle: round(cycles.outcomes / cycles.cycles, 2),
      maxOutcomes: cycles.maxOutcomes,
      claimedPerCycle: round(cycles.claimed / cycles.cycles, 2),
      maxClaimed: cycles.maxClaimed,
      claimLimitPerCycle: round(cycles.claimLimit / cycles.cycles, 2),
    },
    pgFunctions,
    limit: limits.length === 0 ? null : { min: Math.min(...limits), max: Math.max(...limits) },
    cost,
    profile,
  };
}

/** Sums the cost of several windows (the headline cost figures cover both throughput windows). */
export function combineCosts(costs: WindowCost[]): {
  steps: number;
  roundTripsPerStep: number | null;
  cpuUsPerStep: number | null;
  nodeCpuUsPerStep: number | null;
  pgCpuUsPerStep: number | null;
  roundTrips: Record<string, number>;
} {
  const steps = costs.reduce((n, c) => n + c.steps, 0);
  const queries = costs.reduce((n, c) => n + c.queries.total, 0);
  const node = costs.reduce((n, c) => n + c.nodeCpuMicros, 0);
  const pgVisible = costs.every((c) => c.pgCpuMicros !== undefined);
  const pg = costs.reduce((n, c) => n + (c.pgCpuMicros ?? 0), 0);
  const roundTrips: Record<string, number> = {};
  for (const cost of costs)
    for (const [kind, n] of Object.entries(cost.queries.byKind)) roundTrips[kind] = (roundTrips[kind] ?? 0) + n;
  return {
    steps,
    roundTripsPerStep: round(queries / steps, 3),
    cpuUsPerStep: pgVisible ? round((node + pg) / steps, 1) : null,
    nodeCpuUsPerStep: round(node / steps, 1),
    pgCpuUsPerStep: pgVisible ? round(pg / steps, 1) : null,
    roundTrips,
  };
}

/**
 * Cumulative per-function times of Tasker's schema (needs track_functions = 'all' in the app's
 * sessions). Backends flush their counters at most once a second, hence the pause first.
 */
async function functionStats(admin: Client): Promise<Map<string, { calls: number; totalMs: number; selfMs: number }>> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await admin.query('SELECT pg_stat_clear_snapshot()');
  const result = await admin.query<{ funcname: string; calls: string; total_time: number; self_time: number }>(
    `SELECT funcname, calls, total_time, self_time FROM pg_stat_user_functions WHERE schemaname = 'tasker'`,
  );
  return new Map(
    result.rows.map((row) => [
      row.funcname,
      { calls: Number(row.calls), totalMs: Number(row.total_time), selfMs: Number(row.self_time) },
    ]),
  );
}
