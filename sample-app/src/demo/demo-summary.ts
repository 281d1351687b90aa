import { DEMO_KINDS } from './demo-plan';
import type { TrackedTask } from './demo-progress';
import { retriesOf } from './demo-progress';

/** A task's run time: created → completed (or last updated, for one that failed). */
export function durationMs(task: TrackedTask): number {
  const end = task.view.completedAt ?? task.view.updatedAt;
  return Math.max(0, Date.parse(end) - Date.parse(task.view.createdAt));
}

/** Tasks that did not end as planned (a failure meant to complete, or a success meant to fail). */
export function unexpected(tasks: readonly TrackedTask[]): TrackedTask[] {
  return tasks.filter((task) => task.view.status !== task.planned.expected);
}

/** The summary table: counts by status, durations (ms) and retries per kind, then the verdict. */
export function summaryLines(tasks: readonly TrackedTask[], elapsedMs: number): string[] {
  const header = `${'workflow'.padEnd(28)} ${'complete'.padStart(8)} ${'error'.padStart(6)} ${'other'.padStart(6)} ${'retries'.padStart(8)} ${'min ms'.padStart(7)} ${'avg ms'.padStart(7)} ${'max ms'.padStart(7)}`;
  const lines = ['', `Summary (${(elapsedMs / 1000).toFixed(1)} s, ${tasks.length} tasks)`, header];
  for (const kind of DEMO_KINDS) {
    const own = tasks.filter((task) => task.planned.kind === kind);
    if (own.length === 0) continue;
    const durations = own.map(durationMs);
    const count = (status: string): number => own.filter((task) => task.view.status === status).length;
    const other = own.length - count('complete') - count('error');
    const average = Math.round(durations.reduce((sum, ms) => sum + ms, 0) / durations.length);
    lines.push(
      `${kind.padEnd(28)} ${String(count('complete')).padStart(8)} ${String(count('error')).padStart(6)} ${String(other).padStart(6)} ${String(own.reduce((sum, task) => sum + retriesOf(task.view), 0)).padStart(8)} ${String(Math.min(...durations)).padStart(7)} ${String(average).padStart(7)} ${String(Math.max(...durations)).padStart(7)}`,
    );
  }
  const failedAsPlanned = tasks.filter((task) => task.planned.expected === 'error' && task.view.status === 'error');
  for (const task of failedAsPlanned) {
    const step = task.view.steps.find((candidate) => candidate.status === 'error');
    lines.push(
      `  expected failure: ${task.planned.kind} ${task.id.slice(-8)} (${task.planned.note ?? 'planned'}): ${step?.name ?? '?'} ${step?.error?.code ?? ''}`,
    );
  }
  const wrong = unexpected(tasks);
  lines.push(
    wrong.length === 0
      ? `All ${tasks.length} tasks ended as planned.`
      : `${wrong.length} task(s) did not end as planned: ${wrong.map((task) => `${task.planned.kind} ${task.id} is ${task.view.status}, expected ${task.planned.expected}`).join('; ')}`,
  );
  return lines;
}
