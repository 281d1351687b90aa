import { NestFactory } from '@nestjs/core';
import { TaskerService } from '../../../lib';
import { AppModule } from '../app.module';
import { describeDatabase, readSampleConfig } from '../config/sample-config';
import { DEMO_KINDS, demoPlan } from './demo-plan';
import { isFinished, progressByKind, ProgressView, type TrackedTask } from './demo-progress';
import { summaryLines, unexpected } from './demo-summary';

/** How the demo runs; `npm run demo` takes them from DEMO_TASKS and DEMO_TIMEOUT_MS. */
export interface DemoOptions {
  /** Tasks of each workflow kind [6]. */
  perKind: number;
  /** Give up (exit 1) when the tasks are not all finished by then [120000]. */
  timeoutMs: number;
  out: NodeJS.WritableStream;
  /** Redraw the bars in place (a terminal) rather than print changed ones line by line. */
  tty: boolean;
  /** How often the tasks are read back [200]. */
  pollMs?: number;
}

/**
 * Boots the sample app in this process (no HTTP listener: the demo talks to TaskerService), submits
 * a mix of every workflow (some meant to fail, some to retry), draws a progress bar per workflow
 * until every task has finished, then prints a summary. Resolves to the exit code: 0 when every
 * task ended as planned.
 *
 * The database is the app's (DATABASE_URL, TASKER_DATA_DIR); with neither set, set
 * TASKER_DATA_DIR=memory before calling to keep the run's tasks out of `.tasker-data`.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const { out } = options;
  const started = Date.now();
  const config = readSampleConfig(process.env);
  const plan = demoPlan(options.perKind, started.toString(36));
  out.write(`Tasker demo: ${plan.length} tasks of ${DEMO_KINDS.length} workflows on ${describeDatabase(config)}\n`);
  out.write('Booting the sample app...\n');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
  try {
    const tasker = app.get(TaskerService);
    const views = await tasker.createTasks(plan.map((planned) => planned.request));
    const tasks: TrackedTask[] = plan.map((planned, index) => {
      const view = views[index];
      if (view === undefined) throw new Error(`createTasks returned ${views.length} tasks for ${plan.length} requests`);
      return { planned, id: view.id, view };
    });
    out.write(`Submitted ${tasks.length} tasks; waiting for them to finish.\n\n`);
    const view = new ProgressView(out, options.tty);
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const running = tasks.filter((task) => !isFinished(task.view));
      await Promise.all(
        running.map(async (task) => {
          task.view = await tasker.getTask(task.id);
        }),
      );
      view.render(progressByKind(DEMO_KINDS, tasks));
      if (tasks.every((task) => isFinished(task.view))) break;
      if (Date.now() >= deadline) {
        out.write(`\nGave up after ${options.timeoutMs} ms with ${running.length} task(s) unfinished.\n`);
        break;
      }
      await new Promise<void>((resolve) => setTimeout(resolve, options.pollMs ?? 200));
    }
    for (const line of summaryLines(tasks, Date.now() - started)) out.write(`${line}\n`);
    const allFinished = tasks.every((task) => isFinished(task.view));
    return allFinished && unexpected(tasks).length === 0 ? 0 : 1;
  } finally {
    await app.close();
  }
}
