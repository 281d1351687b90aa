import { TaskHandlerNotFoundError, TaskValidationError, type TaskRequest, type TaskerError } from '../../lib';
import type { TaskerApp } from './tasker-app';

/** Row counts of the tables a creation writes. */
export interface CreationCounts {
  tasks: number;
  steps: number;
  edges: number;
  transitions: number;
}

async function counts(app: TaskerApp): Promise<CreationCounts> {
  const [row] = await app.query<CreationCounts>(
    `SELECT (SELECT count(*)::int FROM tasker.tasks) AS tasks, (SELECT count(*)::int FROM tasker.steps) AS steps,
            (SELECT count(*)::int FROM tasker.step_edges) AS edges,
            (SELECT count(*)::int FROM tasker.task_transitions) AS transitions`,
  );
  if (row === undefined) throw new Error('count query returned no row');
  return row;
}

function diamond(evenNumber: number, extra: Partial<TaskRequest> = {}): TaskRequest {
  return { namespace: 'math', name: 'diamond', version: '1.0.0', context: { even_number: evenNumber }, ...extra };
}

async function rejection(attempt: Promise<unknown>): Promise<TaskerError> {
  return attempt.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (reason: unknown) => reason as TaskerError,
  );
}

/**
 * The `createTasks` cases that hold on every database: the app must have the diamond fixture
 * (`math/diamond@1.0.0`, context `{ even_number }` even) and its worker off.
 */
export function describeCreateTasks(getApp: () => TaskerApp): void {
  describe('createTasks', () => {
    it('returns one view per request, in request order, each as getTask reads it', async () => {
      const views = await getApp().tasker.createTasks([
        diamond(2, { tags: ['x', 'y'] }),
        diamond(4, { initiator: 'bulk' }),
        diamond(6, { reason: 'third' }),
      ]);

      expect(views.map((view) => view.context)).toEqual([{ even_number: 2 }, { even_number: 4 }, { even_number: 6 }]);
      expect(views.map((view) => [view.tags, view.initiator, view.reason])).toEqual([
        [['x', 'y'], null, null],
        [[], 'bulk', null],
        [[], null, 'third'],
      ]);
      expect(new Set(views.map((view) => view.id)).size).toBe(3);
      for (const view of views) {
        expect(view.steps.map((step) => [step.name, step.status, step.dependsOn])).toEqual([
          ['start', 'pending', []],
          ['left', 'pending', ['start']],
          ['right', 'pending', ['start']],
          ['join', 'pending', ['left', 'right']],
        ]);
        expect(await getApp().tasker.getTask(view.id)).toEqual(view);
      }
    });

    it('writes nothing when one request is bad, and names every offending index', async () => {
      const before = await counts(getApp());
      const error = await rejection(
        getApp().tasker.createTasks([
          diamond(2),
          diamond(3),
          diamond(8),
          { namespace: 'math', name: 'no-such-task', context: {} },
        ]),
      );

      expect(error).toBeInstanceOf(TaskValidationError);
      expect(error.details?.map((problem) => [problem.index, problem.code])).toEqual([
        [1, 'TASK_VALIDATION_FAILED'],
        [3, 'TASK_HANDLER_NOT_FOUND'],
      ]);
      expect(error.details?.[0]?.message).toContain('even_number');
      expect(error.details?.[1]?.message).toContain('math/no-such-task');
      expect(await counts(getApp())).toEqual(before);
    });

    it('rejects with the class of the first offending request', async () => {
      const error = await rejection(
        getApp().tasker.createTasks([{ namespace: 'math', name: 'no-such-task', context: {} }, diamond(1)]),
      );

      expect(error).toBeInstanceOf(TaskHandlerNotFoundError);
      expect(error.details?.map((problem) => problem.index)).toEqual([0, 1]);
    });

    it('refuses an empty batch and one over 1,000 requests with TaskValidationError, writing nothing', async () => {
      const before = await counts(getApp());
      const empty = await rejection(getApp().tasker.createTasks([]));
      const tooMany = await rejection(
        getApp().tasker.createTasks(Array.from({ length: 1001 }, (_, i) => diamond(2 * i))),
      );

      expect(empty).toBeInstanceOf(TaskValidationError);
      expect(empty.message).toContain('got 0 requests');
      expect(tooMany).toBeInstanceOf(TaskValidationError);
      expect(tooMany.message).toContain('got 1001 requests');
      expect(await counts(getApp())).toEqual(before);
    });

    it('writes a key repeated within the batch once, answering the repeat with the first view', async () => {
      const before = await counts(getApp());
      const views = await getApp().tasker.createTasks([
        diamond(2, { idempotencyKey: 'batch-dup-a' }),
        diamond(4, { idempotencyKey: 'batch-dup-b' }),
        diamond(6, { idempotencyKey: 'batch-dup-a' }),
      ]);

      expect(views[2]).toEqual(views[0]);
      expect(views[1]?.id).not.toBe(views[0]?.id);
      expect(await counts(getApp())).toEqual({
        tasks: before.tasks + 2,
        steps: before.steps + 8,
        edges: before.edges + 8,
        transitions: before.transitions + 2,
      });
    });

    it('answers a key an existing task holds with that task, writing nothing for it', async () => {
      const existing = await getApp().tasker.createTask(diamond(10, { idempotencyKey: 'batch-existing' }));
      const before = await counts(getApp());
      const views = await getApp().tasker.createTasks([diamond(12), diamond(14, { idempotencyKey: 'batch-existing' })]);

      expect(views[1]).toEqual(await getApp().tasker.getTask(existing.id));
      expect(views[1]?.context).toEqual({ even_number: 10 });
      expect((await counts(getApp())).tasks).toBe(before.tasks + 1);
    });

    it('gives concurrent batches racing on the same keys the same tasks, written once', async () => {
      const before = await counts(getApp());
      const batch = Array.from({ length: 20 }, (_, i) => diamond(2 * i, { idempotencyKey: `race-${i}` }));
      const [first, second] = await Promise.all([
        getApp().tasker.createTasks(batch),
        getApp().tasker.createTasks(batch),
      ]);

      expect(second?.map((view) => view.id)).toEqual(first?.map((view) => view.id));
      expect((await counts(getApp())).tasks).toBe(before.tasks + 20);
    });

    it('creates a batch of 1,000 in one call', async () => {
      const before = await counts(getApp());
      const views = await getApp().tasker.createTasks(Array.from({ length: 1000 }, (_, i) => diamond(2 * i)));

      expect(views).toHaveLength(1000);
      expect(views.map((view) => view.context.even_number)).toEqual(Array.from({ length: 1000 }, (_, i) => 2 * i));
      expect(await counts(getApp())).toEqual({
        tasks: before.tasks + 1000,
        steps: before.steps + 4000,
        edges: before.edges + 4000,
        transitions: before.transitions + 1000,
      });
      const [ready] = await getApp().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM tasker.steps WHERE task_id = ANY($1::uuid[]) AND unfinished_parents = 0 AND next_attempt_at IS NOT NULL`,
        [views.map((view) => view.id)],
      );
      expect(ready?.n).toBe(1000);
    });
  });
}
