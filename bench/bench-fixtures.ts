import { Injectable, Module } from '@nestjs/common';
import {
  OnTaskerEvent,
  StepHandler,
  TaskHandler,
  type StepContext,
  type StepHandlerContract,
  type TaskRequest,
} from '../lib';

/**
 * In-process timestamps for the latency phase (performance.now(), ms). Off during the throughput
 * and soak windows: then the handlers and subscribers only test a boolean.
 */
@Injectable()
export class BenchProbe {
  enabled = false;
  /** `${taskId}/${step}` → when its handler started. */
  readonly handlerStarted = new Map<string, number>();
  /** `${taskId}/${step}` → when its handler returned. */
  readonly handlerReturned = new Map<string, number>();
  /** `${taskId}/${step}` → when this process learnt that the step's completion committed (step.completed). */
  readonly stepCommitted = new Map<string, number>();

  clear(): void {
    this.handlerStarted.clear();
    this.handlerReturned.clear();
    this.stepCommitted.clear();
  }
}

/** A no-op step: records its start (when the probe is on) and returns null. */
@StepHandler('bench.noop')
export class NoopStep implements StepHandlerContract {
  constructor(private readonly probe: BenchProbe) {}

  process(ctx: StepContext): null {
    if (this.probe.enabled) {
      const key = `${ctx.task.id}/${ctx.step.name}`;
      this.probe.handlerStarted.set(key, performance.now());
      this.probe.handlerReturned.set(key, performance.now());
    }
    return null;
  }
}

/** Diamond: A; B and C after A; D after both. */
export const DIAMOND_STEPS: ReadonlyArray<{ name: string; dependsOn: string[] }> = [
  { name: 'A', dependsOn: [] },
  { name: 'B', dependsOn: ['A'] },
  { name: 'C', dependsOn: ['A'] },
  { name: 'D', dependsOn: ['B', 'C'] },
];

/** Linear: s01 → s02 → … → s10. */
export const LINEAR_STEPS: ReadonlyArray<{ name: string; dependsOn: string[] }> = Array.from(
  { length: 10 },
  (_, i) => ({
    name: `s${String(i + 1).padStart(2, '0')}`,
    dependsOn: i === 0 ? [] : [`s${String(i).padStart(2, '0')}`],
  }),
);

@TaskHandler({
  namespace: 'bench',
  name: 'diamond',
  version: '1.0.0',
  description: 'four no-op steps: A; B and C after A; D after both',
  steps: DIAMOND_STEPS.map((step) => ({ name: step.name, handler: 'bench.noop', dependsOn: step.dependsOn })),
})
export class BenchDiamondTask {}

@TaskHandler({
  namespace: 'bench',
  name: 'linear',
  version: '1.0.0',
  description: 'ten no-op steps in a chain',
  steps: LINEAR_STEPS.map((step) => ({ name: step.name, handler: 'bench.noop', dependsOn: step.dependsOn })),
})
export class BenchLinearTask {}

export type WorkloadName = 'diamond' | 'linear';

export const WORKLOADS: Record<WorkloadName, { stepsPerTask: number; request: (i: number) => TaskRequest }> = {
  diamond: {
    stepsPerTask: DIAMOND_STEPS.length,
    request: (i) => ({ namespace: 'bench', name: 'diamond', version: '1.0.0', context: { i } }),
  },
  linear: {
    stepsPerTask: LINEAR_STEPS.length,
    request: (i) => ({ namespace: 'bench', name: 'linear', version: '1.0.0', context: { i } }),
  },
};

/**
 * Counts finished tasks from the events of this process (published after the commit that
 * finished them) and resolves `expect(n)` when n tasks have completed; a failed task rejects it.
 */
@Injectable()
export class BenchEvents {
  completed = 0;
  /** performance.now() of the last task.completed. */
  lastCompletedAt = 0;
  /** Called on every task.completed (the soak's producer). */
  onTaskCompleted: ((taskId: string) => void) | undefined;
  private target = Infinity;
  private waiter: { resolve: (at: number) => void; reject: (error: Error) => void } | undefined;

  constructor(private readonly probe: BenchProbe) {}

  /** Resets the count; resolves with the performance.now() of the n-th task.completed. */
  expect(n: number): Promise<number> {
    this.completed = 0;
    this.target = n;
    return new Promise<number>((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  @OnTaskerEvent('task.completed')
  taskCompleted(payload: Record<string, unknown>): void {
    const at = performance.now();
    this.completed += 1;
    this.lastCompletedAt = at;
    this.onTaskCompleted?.(String(payload.taskId));
    if (this.completed >= this.target && this.waiter !== undefined) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      this.target = Infinity;
      resolve(at);
    }
  }

  @OnTaskerEvent('task.failed')
  taskFailed(payload: Record<string, unknown>): void {
    const error = new Error(`Benchmark task ${String(payload.taskId)} failed: ${JSON.stringify(payload.error)}`);
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(error);
  }

  @OnTaskerEvent('step.completed')
  stepCompleted(payload: Record<string, unknown>): void {
    if (this.probe.enabled)
      this.probe.stepCommitted.set(`${String(payload.taskId)}/${String(payload.stepName)}`, performance.now());
  }
}

@Module({ providers: [BenchProbe, BenchEvents, NoopStep, BenchDiamondTask, BenchLinearTask] })
export class BenchFixturesModule {}
