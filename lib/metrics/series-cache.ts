import type { Counter, Histogram } from 'prom-client';
import { FINISHED_STEP_STATUSES, FINISHED_TASK_STATUSES } from './step-statuses';
import type { TaskerMetricSet } from './tasker-metric-set';

/** The series of one task definition (namespace, name). */
export interface TaskSeries {
  created: Counter.Internal;
  finished: Record<(typeof FINISHED_TASK_STATUSES)[number], Counter.Internal>;
  leaseExpired: Counter.Internal;
}

/** The series of one step of a task definition (namespace, task, step). */
export interface StepSeries {
  finished: Record<(typeof FINISHED_STEP_STATUSES)[number], Counter.Internal>;
  retries: Counter.Internal;
  duration: Histogram.Internal<'namespace' | 'task' | 'step'>;
}

/**
 * The labelled children of Tasker's counters and histograms, made once per task or step name and
 * kept: an event then costs a few map look-ups and prom-client's own increment. Counters start at
 * 0 when first seen, so `rate()` and `increase()` see their first event.
 */
export class SeriesCache {
  private readonly tasks = new Map<string, Map<string, TaskSeries>>();
  private readonly steps = new Map<string, Map<string, Map<string, StepSeries>>>();

  constructor(private readonly metrics: TaskerMetricSet) {}

  task(namespace: string, name: string): TaskSeries {
    let byName = this.tasks.get(namespace);
    if (byName === undefined) {
      byName = new Map();
      this.tasks.set(namespace, byName);
    }
    let series = byName.get(name);
    if (series === undefined) {
      series = this.makeTask(namespace, name);
      byName.set(name, series);
    }
    return series;
  }

  step(namespace: string, task: string, step: string): StepSeries {
    let byTask = this.steps.get(namespace);
    if (byTask === undefined) {
      byTask = new Map();
      this.steps.set(namespace, byTask);
    }
    let byStep = byTask.get(task);
    if (byStep === undefined) {
      byStep = new Map();
      byTask.set(task, byStep);
    }
    let series = byStep.get(step);
    if (series === undefined) {
      series = this.makeStep(namespace, task, step);
      byStep.set(step, series);
    }
    return series;
  }

  private makeTask(namespace: string, name: string): TaskSeries {
    const { tasksCreated, tasksFinished, leaseExpired } = this.metrics;
    const finished = Object.fromEntries(
      FINISHED_TASK_STATUSES.map((status) => [status, zeroed(tasksFinished.labels({ namespace, name, status }))]),
    ) as TaskSeries['finished'];
    return {
      created: zeroed(tasksCreated.labels({ namespace, name })),
      finished,
      leaseExpired: zeroed(leaseExpired.labels({ namespace, task: name })),
    };
  }

  private makeStep(namespace: string, task: string, step: string): StepSeries {
    const { stepsFinished, stepRetries, stepDuration } = this.metrics;
    const finished = Object.fromEntries(
      FINISHED_STEP_STATUSES.map((status) => [status, zeroed(stepsFinished.labels({ namespace, task, step, status }))]),
    ) as StepSeries['finished'];
    return {
      finished,
      retries: zeroed(stepRetries.labels({ namespace, task, step })),
      duration: stepDuration.labels({ namespace, task, step }),
    };
  }
}

function zeroed(child: Counter.Internal): Counter.Internal {
  child.inc(0);
  return child;
}
