import type { BenchApp } from './bench-app';
import { DIAMOND_STEPS, WORKLOADS } from './bench-fixtures';
import { distribution, type Distribution } from './stats';

export interface LatencyResult {
  tasks: number;
  warmUpTasks: number;
  /** createTask returned → task.completed received (published after the commit that completed the task). */
  taskMs: Distribution;
  /**
   * The commit that completed a step's last parent (as this process learns it: the step.completed
   * event, published when the round trip carrying that commit returns) → that step's handler starts.
   */
  stepToStepMs: Distribution;
  /** Supplementary: the last parent's handler returned → the child's handler starts (includes the write of the parent's outcome). */
  parentReturnToChildStartMs: Distribution;
}

/**
 * One diamond task at a time on an idle system (worker running, nothing else queued): `warmUp`
 * untimed tasks, then `count` measured ones. Timestamps are performance.now() in this process.
 */
export async function measureLatency(app: BenchApp, count: number, warmUp: number): Promise<LatencyResult> {
  const taskMs: number[] = [];
  const stepToStep: number[] = [];
  const returnToStart: number[] = [];
  await app.tasker.startWorker();
  app.probe.enabled = true;
  try {
    for (let i = 0; i < warmUp + count; i++) {
      app.probe.clear();
      const done = app.events.expect(1);
      const task = await app.tasker.createTask(WORKLOADS.diamond.request(i));
      const created = performance.now();
      const completed = await done;
      if (i < warmUp) continue;
      taskMs.push(completed - created);
      for (const step of DIAMOND_STEPS) {
        if (step.dependsOn.length === 0) continue;
        const started = app.probe.handlerStarted.get(`${task.id}/${step.name}`);
        const committed = step.dependsOn.map((parent) => app.probe.stepCommitted.get(`${task.id}/${parent}`));
        const returned = step.dependsOn.map((parent) => app.probe.handlerReturned.get(`${task.id}/${parent}`));
        if (started === undefined || committed.includes(undefined) || returned.includes(undefined)) {
          throw new Error(`latency: missing timestamps for ${task.id}/${step.name}`);
        }
        stepToStep.push(started - Math.max(...(committed as number[])));
        returnToStart.push(started - Math.max(...(returned as number[])));
      }
      // A breath between tasks, so each starts on an idle worker.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    app.probe.enabled = false;
    app.probe.clear();
    await app.tasker.stopWorker();
  }
  return {
    tasks: count,
    warmUpTasks: warmUp,
    taskMs: distribution(taskMs),
    stepToStepMs: distribution(stepToStep),
    parentReturnToChildStartMs: distribution(returnToStart),
  };
}
