import type { TaskView } from '../../../lib';
import type { PlannedTask } from './demo-plan';

/** What the demo knows of one submitted task. */
export interface TrackedTask {
  planned: PlannedTask;
  id: string;
  view: TaskView;
}

/** The counts one progress bar shows. */
export interface KindProgress {
  kind: string;
  total: number;
  finished: number;
  complete: number;
  failed: number;
  /** Attempts beyond the first, over every step of the kind's tasks. */
  retries: number;
}

const BAR_WIDTH = 24;

/** Whether a task has stopped running (complete, error, cancelled, resolved). */
export function isFinished(view: TaskView): boolean {
  return view.status !== 'pending' && view.status !== 'in_progress';
}

export function retriesOf(view: TaskView): number {
  return view.steps.reduce((sum, step) => sum + Math.max(0, step.attempts - 1), 0);
}

/** Counts per kind, in `kinds` order. */
export function progressByKind(kinds: readonly string[], tasks: readonly TrackedTask[]): KindProgress[] {
  return kinds.map((kind) => {
    const own = tasks.filter((task) => task.planned.kind === kind);
    const finished = own.filter((task) => isFinished(task.view));
    return {
      kind,
      total: own.length,
      finished: finished.length,
      complete: finished.filter((task) => task.view.status === 'complete').length,
      failed: finished.filter((task) => task.view.status !== 'complete').length,
      retries: own.reduce((sum, task) => sum + retriesOf(task.view), 0),
    };
  });
}

/** One bar: `kind [█████░░░] 3/6  ✔ 2  ✖ 1  ↻ 4`; with `color`, green done and red failures. */
export function progressLine(progress: KindProgress, color: boolean): string {
  const filled = progress.total === 0 ? BAR_WIDTH : Math.round((progress.finished / progress.total) * BAR_WIDTH);
  const paint = (code: number, text: string): string => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const bar = paint(32, '█'.repeat(filled)) + '░'.repeat(BAR_WIDTH - filled);
  const count = `${progress.finished}/${progress.total}`.padStart(7);
  const failed = progress.failed > 0 ? paint(31, `✖ ${progress.failed}`) : `✖ ${progress.failed}`;
  return `${progress.kind.padEnd(28)} [${bar}] ${count}  ✔ ${progress.complete}  ${failed}  ↻ ${progress.retries}`;
}

/**
 * Draws the bars on a terminal (redrawn in place with ANSI cursor moves) or, on anything else
 * (a pipe, a CI log), prints a bar again only when its counts changed.
 */
export class ProgressView {
  private drawn = 0;
  private readonly last = new Map<string, string>();

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly tty: boolean,
  ) {}

  render(progress: readonly KindProgress[]): void {
    if (this.tty) {
      const lines = progress.map((kind) => progressLine(kind, true));
      const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
      this.out.write(up + lines.map((line) => `\x1b[2K${line}\n`).join(''));
      this.drawn = lines.length;
      return;
    }
    for (const kind of progress) {
      const line = progressLine(kind, false);
      if (this.last.get(kind.kind) === line) continue;
      this.last.set(kind.kind, line);
      this.out.write(`${line}\n`);
    }
  }
}
