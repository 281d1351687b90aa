import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { adminClient, bootBenchApp, dropDatabase, recreateDatabase } from './bench-app';
import { WORKLOADS } from './bench-fixtures';

/**
 * `npm run bench:scale`: throughput of 1, 2 and 4 worker processes on one database (diamonds,
 * module defaults), and the connections each process holds, counted in pg_stat_activity by
 * application_name. Results in bench/results/scale.json.
 */

const DATABASE = 'tasker_scale';
const TASKS = Number(process.env.TASKER_SCALE_TASKS ?? 2000);
const PROCESS_COUNTS = (process.env.TASKER_SCALE_WORKERS ?? '1,2,4').split(',').map(Number);

interface ScaleRun {
  workers: number;
  tasks: number;
  steps: number;
  windowMs: number;
  stepsPerSec: number;
  tasksPerSec: number;
  /** Most connections seen at once during the window, by application_name (every process together). */
  connections: Record<string, number>;
  /** The same divided by the number of worker processes. */
  connectionsPerProcess: Record<string, number>;
  loadAverage1m: number;
}

function waitForMessage(child: ChildProcess, type: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }): void => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve();
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`a worker exited (${code}) before "${type}"`)));
  });
}

async function measure(url: string, workers: number): Promise<ScaleRun> {
  // Tasks first, with no worker running: the window then measures only their execution.
  const creator = await bootBenchApp({ database: { url }, worker: { enabled: false }, http: { enabled: false } });
  const workload = WORKLOADS.diamond;
  try {
    for (let from = 0; from < TASKS; from += 50) {
      const batch = Array.from({ length: Math.min(50, TASKS - from) }, (_, offset) =>
        creator.tasker.createTask(workload.request(from + offset)),
      );
      await Promise.all(batch);
    }
  } finally {
    await creator.close();
  }
  const admin = await adminClient(url);
  const children: ChildProcess[] = [];
  try {
    await admin.query('ANALYZE');
    for (let index = 0; index < workers; index += 1) {
      children.push(
        fork(join(__dirname, 'scale-worker.js'), [], { env: { ...process.env, SCALE_URL: url }, stdio: 'inherit' }),
      );
    }
    await Promise.all(children.map((child) => waitForMessage(child, 'ready')));
    const connections: Record<string, number> = {};
    const started = performance.now();
    await Promise.all(
      children.map((child) => {
        const sent = waitForMessage(child, 'started');
        child.send({ type: 'start' });
        return sent;
      }),
    );
    for (;;) {
      const activity = await admin.query<{ application_name: string; n: number }>(
        `SELECT application_name, count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY application_name`,
      );
      for (const row of activity.rows)
        connections[row.application_name] = Math.max(connections[row.application_name] ?? 0, row.n);
      const [left] = (
        await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasker.tasks WHERE status <> 'complete'`)
      ).rows;
      if (left?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const windowMs = performance.now() - started;
    const steps = TASKS * workload.stepsPerTask;
    const perProcess = Object.fromEntries(
      Object.entries(connections).map(([name, n]) => [name, Math.round((n / workers) * 10) / 10]),
    );
    return {
      workers,
      tasks: TASKS,
      steps,
      windowMs: Math.round(windowMs),
      stepsPerSec: Math.round((steps / windowMs) * 1000),
      tasksPerSec: Math.round((TASKS / windowMs) * 1000),
      connections,
      connectionsPerProcess: perProcess,
      loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    };
  } finally {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await admin.end();
  }
}

async function main(): Promise<void> {
  const runs: ScaleRun[] = [];
  for (const workers of PROCESS_COUNTS) {
    const url = await recreateDatabase(DATABASE);
    try {
      const run = await measure(url, workers);
      runs.push(run);
      console.log(
        `${workers} process(es): ${run.stepsPerSec} steps/s, ${run.tasksPerSec} tasks/s (${run.steps} steps in ${run.windowMs} ms); ` +
          `connections per process ${JSON.stringify(run.connectionsPerProcess)}; load ${run.loadAverage1m}`,
      );
    } finally {
      await dropDatabase(DATABASE);
    }
  }
  const results = {
    measuredAt: new Date().toISOString(),
    cpus: cpus().length,
    workload: 'bench/diamond (4 steps), module defaults',
    runs,
  };
  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'scale.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written to ${join(dir, 'scale.json')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
