import type { StepExplanation, TaskExplanation, TaskList, TaskView } from '../../lib/interfaces/task-view.interface';

/** Pads each column to its widest cell; the last column is left as it is. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** `tasker tasks list`: one row per task, then how many of how many matched. */
export function taskListText(list: TaskList, offset: number): string[] {
  if (list.tasks.length === 0) return [`No tasks (${list.total} match).`];
  const rows = list.tasks.map((task) => [
    task.id,
    task.status,
    `${task.namespace}/${task.name}@${task.version}`,
    `${task.steps.filter((step) => step.status === 'complete' || step.status === 'resolved_manually').length}/${task.steps.length}`,
    task.createdAt,
  ]);
  const shown = `${offset + 1}-${offset + list.tasks.length} of ${list.total}`;
  return [...table([['ID', 'STATUS', 'TASK', 'STEPS', 'CREATED'], ...rows]), `(${shown})`];
}

/** `tasker tasks show`: the task's fields, then its steps in dependency order. */
export function taskText(task: TaskView): string[] {
  const fields: Array<[string, string | null]> = [
    ['id', task.id],
    ['task', `${task.namespace}/${task.name}@${task.version}`],
    ['status', task.status],
    ['created', task.createdAt],
    ['updated', task.updatedAt],
    ['completed', task.completedAt],
    ['initiator', task.initiator],
    ['source', task.sourceSystem],
    ['reason', task.reason],
    ['tags', task.tags.length === 0 ? null : task.tags.join(', ')],
    ['idempotency key', task.idempotencyKey],
    ['context', JSON.stringify(task.context)],
  ];
  const steps = task.steps.map((step) => [
    step.name,
    step.status,
    `${step.attempts}/${step.maxAttempts}`,
    step.dependsOn.length === 0 ? '-' : step.dependsOn.join(','),
    step.error === null ? '' : `${step.error.type}: ${step.error.message}`,
  ]);
  return [
    ...table(fields.filter((field): field is [string, string] => field[1] !== null).map(([k, v]) => [`${k}:`, v])),
    '',
    ...table([['STEP', 'STATUS', 'ATTEMPTS', 'DEPENDS ON', 'ERROR'], ...steps]),
  ];
}

const BLOCKED_TEXT: Record<StepExplanation['blockedBy'], string> = {
  none: 'ready to run',
  dependencies: 'waiting on dependencies',
  backoff: 'backing off before its next attempt',
  retries_exhausted: 'failed, no attempts left (retry it, resolve it, or cancel the task)',
  in_progress: 'running',
  finished: 'finished',
  cancelled: 'cancelled',
  concurrency: 'ready, waiting for a free worker slot',
};

/** Why one step is where it is, in words. */
function stepReason(step: StepExplanation): string {
  if (step.blockedBy === 'dependencies') return `waiting on ${step.waitingOn.join(', ')}`;
  if (step.blockedBy === 'backoff' && step.nextRetryAt !== null) return `backing off until ${step.nextRetryAt}`;
  return BLOCKED_TEXT[step.blockedBy];
}

/**
 * `tasker tasks explain`: the DAG as text. Each step is indented under the parent it waits on
 * (in dependency order, so a step with two parents is shown once, under its first), with its
 * status, attempts and why it is or is not running.
 */
export function explanationText(explanation: TaskExplanation, task: TaskView): string[] {
  const byName = new Map(explanation.steps.map((step) => [step.name, step]));
  const depth = new Map<string, number>();
  const lines = [
    `Task ${explanation.taskId}: ${explanation.status} (${explanation.executionStatus.replaceAll('_', ' ')})`,
    `${explanation.completedSteps}/${explanation.totalSteps} steps done (${explanation.completionPercentage}%), ` +
      `${explanation.readySteps} ready, ${explanation.inProgressSteps} running, ${explanation.failedSteps} failed`,
    '',
  ];
  const rows: string[][] = [];
  for (const view of task.steps) {
    const step = byName.get(view.name);
    if (step === undefined) continue;
    const level =
      view.dependsOn.length === 0 ? 0 : Math.max(...view.dependsOn.map((parent) => depth.get(parent) ?? 0)) + 1;
    depth.set(view.name, level);
    const after = view.dependsOn.length === 0 ? '' : ` <- ${view.dependsOn.join(', ')}`;
    rows.push([
      `${'  '.repeat(level)}${level === 0 ? '' : '└ '}${step.name}${after}`,
      step.status,
      `attempts ${step.attempts}/${step.maxAttempts}`,
      stepReason(step),
    ]);
  }
  return [...lines, ...table(rows)];
}
