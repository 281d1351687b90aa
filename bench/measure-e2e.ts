import type { Client } from 'pg';
import type { BenchApp } from './bench-app';
import { WORKLOADS } from './bench-fixtures';
import { BackendCpuTracker, nodeCpuMicros } from './proc-cpu';
import { round } from './stats';

/** One end-to-end window: tasks created while the worker runs, until the last one completed. */
export interface EndToEndResult {
  mode: 'createTask' | 'createTasks';
  tasks: number;
  steps: number;
  /** First create called → last task.completed received. */
  seconds: number;
  stepsPerSec: number;
  /** First create called → every create returned. */
  createdAfterSeconds: number;
  cpuUsPerStep: number | null;
}

/**
 * As a user runs it: the worker runs with nothing queued, `count` diamonds are created at one
 * instant (every `createTask` called at once, or one `createTasks`), and the window runs from the
 * first create to the last task.completed. Creation is inside the window.
 */
export async function measureEndToEnd(
  app: BenchApp,
  admin: Client,
  database: string,
  mode: EndToEndResult['mode'],
  count: number,
  first: number,
): Promise<EndToEndResult> {
  await app.tasker.startWorker();
  try {
    const requests = Array.from({ length: count }, (_, i) => WORKLOADS.diamond.request(first + i));
    const tracker = new BackendCpuTracker(admin, database);
    await tracker.start();
    const done = app.events.expect(count);
    const cpu0 = nodeCpuMicros();
    const t0 = performance.now();
    if (mode === 'createTask') await Promise.all(requests.map((request) => app.tasker.createTask(request)));
    else await app.tasker.createTasks(requests);
    const created = performance.now();
    const tEnd = await done;
    const nodeCpu = nodeCpuMicros() - cpu0;
    const backend = await tracker.stop();
    const steps = count * WORKLOADS.diamond.stepsPerTask;
    const seconds = (tEnd - t0) / 1000;
    return {
      mode,
      tasks: count,
      steps,
      seconds: round(seconds, 3) ?? 0,
      stepsPerSec: round(steps / seconds, 1) ?? 0,
      createdAfterSeconds: round((created - t0) / 1000, 3) ?? 0,
      cpuUsPerStep: backend.micros === undefined ? null : round((nodeCpu + backend.micros) / steps, 1),
    };
  } finally {
    await app.tasker.stopWorker();
  }
}
