import type { Client } from 'pg';
import type { BenchApp } from './bench-app';
import { WORKLOADS } from './bench-fixtures';
import { BackendCpuTracker, nodeCpuMicros } from './proc-cpu';
import { round } from './stats';

/** What creating diamonds cost in one mode. */
export interface CreationResult {
  mode: string;
  tasks: number;
  seconds: number;
  tasksPerSec: number;
  /** CPU of this process + the backends serving it, per task; null when /proc cannot see them. */
  cpuUsPerTask: number | null;
  nodeCpuUsPerTask: number;
  pgCpuUsPerTask: number | null;
  /**
   * WAL written per task: pg_current_wal_lsn() before and after, divided by tasks. The LSN is the
   * server's, so other databases' writes during the window count too (read it on a quiet server).
   */
  walBytesPerTask: number | null;
}

/** How a mode creates `count` diamonds, numbered from `first`. */
type Creator = (app: BenchApp, first: number, count: number) => Promise<void>;

/** `lanes` createTask calls in flight at a time. */
function singles(lanes: number): Creator {
  return async (app, first, count) => {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < count) {
        const i = next++;
        await app.tasker.createTask(WORKLOADS.diamond.request(first + i));
      }
    };
    await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane));
  };
}

/** createTasks calls of `size` requests, one after the other. */
function batches(size: number): Creator {
  return async (app, first, count) => {
    for (let done = 0; done < count; done += size) {
      const n = Math.min(size, count - done);
      await app.tasker.createTasks(Array.from({ length: n }, (_, i) => WORKLOADS.diamond.request(first + done + i)));
    }
  };
}

async function walLsn(admin: Client): Promise<string> {
  const result = await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  return result.rows[0]?.lsn ?? '0/0';
}

async function walBytes(admin: Client, from: string, to: string): Promise<number> {
  const result = await admin.query<{ bytes: string }>('SELECT pg_wal_lsn_diff($2::pg_lsn, $1::pg_lsn)::text AS bytes', [
    from,
    to,
  ]);
  return Number(result.rows[0]?.bytes ?? Number.NaN);
}

async function measureMode(
  app: BenchApp,
  admin: Client,
  database: string,
  mode: string,
  create: Creator,
  count: number,
  first: number,
): Promise<CreationResult> {
  // untimed: plan caches and pool connections of this mode
  await create(app, first, Math.min(50, count));
  const tracker = new BackendCpuTracker(admin, database);
  await tracker.start();
  const lsn0 = await walLsn(admin);
  const cpu0 = nodeCpuMicros();
  const t0 = performance.now();
  await create(app, first + count, count);
  const seconds = (performance.now() - t0) / 1000;
  const nodeCpu = nodeCpuMicros() - cpu0;
  const lsn1 = await walLsn(admin);
  const backend = await tracker.stop();
  const wal = await walBytes(admin, lsn0, lsn1);
  return {
    mode,
    tasks: count,
    seconds: round(seconds, 3) ?? 0,
    tasksPerSec: round(count / seconds, 1) ?? 0,
    cpuUsPerTask: backend.micros === undefined ? null : round((nodeCpu + backend.micros) / count, 1),
    nodeCpuUsPerTask: round(nodeCpu / count, 1) ?? 0,
    pgCpuUsPerTask: backend.micros === undefined ? null : round(backend.micros / count, 1),
    walBytesPerTask: round(wal / count, 0),
  };
}

/**
 * Creation alone, with the worker stopped: diamonds through `createTask` with 1 and with 10 calls
 * in flight, and through `createTasks` in batches of 500. Each mode creates 50 untimed first.
 */
export async function measureCreation(
  app: BenchApp,
  admin: Client,
  database: string,
): Promise<{ single1: CreationResult; single10: CreationResult; bulk500: CreationResult }> {
  const single1 = await measureMode(app, admin, database, 'createTask, 1 in flight', singles(1), 500, 1_000_000);
  const single10 = await measureMode(app, admin, database, 'createTask, 10 in flight', singles(10), 1_000, 2_000_000);
  const bulk500 = await measureMode(app, admin, database, 'createTasks of 500', batches(500), 2_000, 3_000_000);
  // Leave nothing queued for the phases that follow.
  await admin.query(`DELETE FROM tasker.tasks WHERE namespace = 'bench' AND status = 'pending'`);
  return { single1, single10, bulk500 };
}
