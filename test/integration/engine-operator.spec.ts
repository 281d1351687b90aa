import {
  InvalidStateTransitionError,
  StepNotFoundError,
  TaskNotFoundError,
  TaskValidationError,
  TaskWaitTimeoutError,
  TaskerError,
  type OperatorActionRecord,
  type StepView,
  type TaskView,
} from '../../lib';
import { EngineProbe, type EngineContext } from '../fixtures/engine.fixture';
import {
  closeAll,
  createEngineApp,
  engineOptions,
  stepRows,
  stepTransitions,
  type EngineApp,
} from '../support/engine-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import { firstOf } from '../support/present';

const UNKNOWN_ID = '0191e3f5-6a3b-7c4d-8e9f-0123456789ab';

function stepOf(task: TaskView, name: string): StepView {
  const step = task.steps.find((candidate) => candidate.name === name);
  if (step === undefined) throw new Error(`task ${task.id} has no step ${name}`);
  return step;
}

function statuses(task: TaskView): Record<string, [string, number]> {
  return Object.fromEntries(task.steps.map((step) => [step.name, [step.status, step.attempts]]));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('engine: operator actions and waitForTask (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: EngineApp;
  const probe = new EngineProbe();

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createEngineApp(engineOptions(database.url), probe);
  });

  afterAll(async () => {
    await closeAll(app);
    await database?.drop();
  });

  function create(name: string, context: EngineContext = {}): Promise<TaskView> {
    return app.tasker.createTask({ namespace: 'engine', name, context });
  }

  async function run(name: string, context: EngineContext = {}): Promise<TaskView> {
    const created = await create(name, context);
    return app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
  }

  /** A task created after an action and run to completion: the worker has cycled since. */
  async function barrier(): Promise<void> {
    const done = await run('single');
    expect(done.status).toBe('complete');
  }

  describe('cancelTask', () => {
    it('aborts the running step, cancels it and every pending step, runs nothing further, wakes waiters', async () => {
      const created = await create('linear', { script: { a: { hold: { until: 'signal' } } } });
      await waitFor(() => probe.heldRuns(created.id).length === 1, { what: 'a held' });
      const waiting = app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });

      const view = await app.tasker.cancelTask(created.id);
      expect(view.status).toBe('cancelled');
      expect(view.completedAt).not.toBeNull();
      expect(statuses(view)).toEqual({
        a: ['cancelled', 1],
        b: ['cancelled', 0],
        c: ['cancelled', 0],
        d: ['cancelled', 0],
      });

      const waited = await waiting;
      expect(waited.status).toBe('cancelled');
      const run = firstOf(probe.runsOf(created.id, 'a'), 'run of step a');
      await waitFor(() => run.finished, { what: 'the cancelled handler returned' });
      expect([run.abortReason, run.abortErrorName]).toEqual(['cancelled', 'StepAbortedError']);

      await barrier();
      expect(probe.runsOf(created.id).map((r) => r.stepName)).toEqual(['a']);
      const after = await app.tasker.getTask(created.id);
      expect(after.status).toBe('cancelled');
      expect(statuses(after)).toEqual({
        a: ['cancelled', 1],
        b: ['cancelled', 0],
        c: ['cancelled', 0],
        d: ['cancelled', 0],
      });
      const rows = await stepRows(app, created.id);
      expect(rows.every((row) => row.lease_owner === null && row.results === null)).toBe(true);
    });

    it('discards the result of a handler that ignores its signal and returns after the cancel', async () => {
      const created = await create('diamond', {
        script: { left: { hold: { until: 'gate' } }, right: { hold: { until: 'gate' } } },
      });
      await waitFor(() => probe.heldRuns(created.id).length === 2, { what: 'left and right held' });
      await app.tasker.cancelTask(created.id);
      expect(probe.release(created.id)).toBe(2);
      await waitFor(() => probe.runsOf(created.id).every((run) => run.finished), { what: 'handlers returned' });
      await barrier();

      const after = await app.tasker.getTask(created.id);
      expect(after.status).toBe('cancelled');
      expect(statuses(after)).toEqual({
        top: ['complete', 1],
        left: ['cancelled', 1],
        right: ['cancelled', 1],
        bottom: ['cancelled', 0],
      });
      expect(stepOf(after, 'left').results).toBeNull();
      expect(stepOf(after, 'right').results).toBeNull();
      const transitions = await stepTransitions(app, created.id);
      expect(
        transitions.filter((row) => row.from_status === 'in_progress').map((row) => [row.step_name, row.to_status]),
      ).toEqual([
        ['top', 'complete'],
        ['left', 'cancelled'],
        ['right', 'cancelled'],
      ]);
    });

    it('cancels a task in error (its pending steps become cancelled)', async () => {
      const failed = await run('pair', { script: { work: { fail: { kind: 'permanent' } } } });
      expect(failed.status).toBe('error');
      const view = await app.tasker.cancelTask(failed.id);
      expect(view.status).toBe('cancelled');
      expect(statuses(view)).toEqual({ work: ['error', 1], next: ['cancelled', 0], side: ['complete', 1] });
    });

    it('cancels a step waiting for its retry: it is never due again', async () => {
      const created = await create('patient', {
        script: { work: { fail: { kind: 'retryable', times: 1, retryAfterMs: 5000 } } },
      });
      await waitFor(async () => stepOf(await app.tasker.getTask(created.id), 'work').status === 'waiting_for_retry', {
        what: 'work waiting_for_retry',
      });
      const view = await app.tasker.cancelTask(created.id);
      expect(view.status).toBe('cancelled');
      expect(stepOf(view, 'work')).toMatchObject({ status: 'cancelled', attempts: 1, nextRetryAt: null });
      const rows = await app.query<{ next_attempt_at: Date | null }>(
        'SELECT next_attempt_at FROM tasker.steps WHERE task_id = $1',
        [created.id],
      );
      expect(firstOf(rows, 'step row').next_attempt_at).toBeNull();
    });

    it('cancels a pending task before any step ran: nothing runs afterwards', async () => {
      await app.tasker.stopWorker();
      let created: TaskView;
      try {
        created = await create('diamond');
        expect((await app.tasker.explainTask(created.id)).executionStatus).toBe('has_ready_steps');
        const view = await app.tasker.cancelTask(created.id);
        expect(view.status).toBe('cancelled');
        expect(view.completedAt).not.toBeNull();
        expect(statuses(view)).toEqual({
          top: ['cancelled', 0],
          left: ['cancelled', 0],
          right: ['cancelled', 0],
          bottom: ['cancelled', 0],
        });
      } finally {
        await app.tasker.startWorker();
      }
      await barrier();
      expect(probe.runsOf(created.id)).toEqual([]);
      expect((await app.tasker.getTask(created.id)).status).toBe('cancelled');
      const transitions = await app.query<{ from_status: string | null; to_status: string }>(
        'SELECT from_status, to_status FROM tasker.task_transitions WHERE task_id = $1 ORDER BY id',
        [created.id],
      );
      expect(transitions.map((row) => `${row.from_status}>${row.to_status}`)).toEqual([
        'null>pending',
        'pending>cancelled',
      ]);
    });

    it('refuses to cancel a complete task, and an unknown id', async () => {
      const done = await run('single');
      const refused = await rejection(app.tasker.cancelTask(done.id));
      expect(refused).toBeInstanceOf(InvalidStateTransitionError);
      expect(refused).toBeInstanceOf(TaskerError);
      expect(refused).toMatchObject({ name: 'InvalidStateTransitionError', code: 'INVALID_STATE_TRANSITION' });
      expect((await app.tasker.getTask(done.id)).status).toBe('complete');

      const cancelled = await create('single', { script: { work: { hold: { until: 'signal' } } } });
      await app.tasker.cancelTask(cancelled.id);
      await expect(app.tasker.cancelTask(cancelled.id)).rejects.toBeInstanceOf(InvalidStateTransitionError);

      await expect(app.tasker.cancelTask(UNKNOWN_ID)).rejects.toBeInstanceOf(TaskNotFoundError);
      await expect(app.tasker.cancelTask('not-a-uuid')).rejects.toMatchObject({
        name: 'TaskNotFoundError',
        code: 'TASK_NOT_FOUND',
      });
    });
  });

  describe('retryStep', () => {
    it('re-arms a step in error with maxAttempts more runs; attempts keep counting; the task completes', async () => {
      // work fails on attempts 1-4 and succeeds on 5; maxAttempts 2.
      const failed = await run('pair', { script: { work: { fail: { times: 4 } } } });
      expect(failed.status).toBe('error');
      expect(statuses(failed)).toEqual({ work: ['error', 2], next: ['pending', 0], side: ['complete', 1] });

      // With the worker stopped, the returned view is exactly what the retry committed.
      await app.tasker.stopWorker();
      let view: TaskView;
      try {
        view = await app.tasker.retryStep(failed.id, 'work');
        expect(view.status).toBe('in_progress');
        expect(view.completedAt).toBeNull();
        expect(stepOf(view, 'work')).toMatchObject({ status: 'pending', attempts: 2, maxAttempts: 4 });
        const explanation = await app.tasker.explainTask(failed.id);
        expect(explanation.steps.find((step) => step.name === 'work')).toMatchObject({
          ready: true,
          blockedBy: 'none',
        });
      } finally {
        await app.tasker.startWorker();
      }

      // two more runs (3 and 4), both failing: error again after exactly maxAttempts more
      const again = await app.tasker.waitForTask(failed.id, { timeoutMs: 15_000 });
      expect(again.status).toBe('error');
      expect(statuses(again)).toEqual({ work: ['error', 4], next: ['pending', 0], side: ['complete', 1] });
      expect(stepOf(again, 'work').error?.message).toBe('work failed on attempt 4');

      // worker running: the view still shows the task reopened in the same transaction
      view = await app.tasker.retryStep(failed.id, 'work');
      expect(view.status).toBe('in_progress');
      expect(['pending', 'in_progress', 'complete']).toContain(stepOf(view, 'work').status);

      const done = await app.tasker.waitForTask(failed.id, { timeoutMs: 15_000 });
      expect(done.status).toBe('complete');
      expect(statuses(done)).toEqual({ work: ['complete', 5], next: ['complete', 1], side: ['complete', 1] });
      expect(stepOf(done, 'next').results).toMatchObject({ sum: 3, inputs: { work: 1 } });
      expect(probe.runsOf(failed.id, 'work').map((run) => run.attempt)).toEqual([1, 2, 3, 4, 5]);
    });

    it('refuses a step that is not in error, an unknown step and an unknown task', async () => {
      const done = await run('pair');
      const refused = await rejection(app.tasker.retryStep(done.id, 'work'));
      expect(refused).toBeInstanceOf(InvalidStateTransitionError);
      expect(refused).toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
      await expect(app.tasker.retryStep(done.id, 'nope')).rejects.toBeInstanceOf(StepNotFoundError);
      await expect(app.tasker.retryStep(done.id, 'nope')).rejects.toMatchObject({
        name: 'StepNotFoundError',
        code: 'STEP_NOT_FOUND',
      });
      await expect(app.tasker.retryStep(UNKNOWN_ID, 'work')).rejects.toBeInstanceOf(TaskNotFoundError);

      // a pending step (its parent failed) is not in error either
      const failed = await run('pair', { script: { work: { fail: { kind: 'permanent' } } } });
      await expect(app.tasker.retryStep(failed.id, 'next')).rejects.toBeInstanceOf(InvalidStateTransitionError);
      // nor may a step of a cancelled task be retried
      await app.tasker.cancelTask(failed.id);
      await expect(app.tasker.retryStep(failed.id, 'work')).rejects.toBeInstanceOf(InvalidStateTransitionError);
      expect((await app.tasker.getTask(failed.id)).status).toBe('cancelled');
    });
  });

  describe('resolveStepManually', () => {
    it('stores the results, lets dependants run with them, reopens the task from error and completes it', async () => {
      const failed = await run('diamond', { script: { left: { fail: { kind: 'permanent' } } } });
      expect(failed.status).toBe('error');
      expect(statuses(failed)).toEqual({
        top: ['complete', 1],
        left: ['error', 1],
        right: ['complete', 1],
        bottom: ['pending', 0],
      });

      const view = await app.tasker.resolveStepManually(failed.id, 'left', { sum: 100, note: 'fixed by hand' });
      expect(['in_progress', 'complete']).toContain(view.status);
      expect(stepOf(view, 'left')).toMatchObject({
        status: 'resolved_manually',
        results: { sum: 100, note: 'fixed by hand' },
      });

      const done = await app.tasker.waitForTask(failed.id, { timeoutMs: 15_000 });
      expect(done.status).toBe('complete');
      expect(statuses(done)).toEqual({
        top: ['complete', 1],
        left: ['resolved_manually', 1],
        right: ['complete', 1],
        bottom: ['complete', 1],
      });
      expect(stepOf(done, 'bottom').results).toMatchObject({ sum: 8 + 100 + 5, inputs: { left: 100, right: 5 } });
      const transitions = await app.query<{ from_status: string; to_status: string }>(
        'SELECT from_status, to_status FROM tasker.task_transitions WHERE task_id = $1 ORDER BY id',
        [failed.id],
      );
      expect(transitions.map((row) => `${row.from_status}>${row.to_status}`)).toEqual([
        'null>pending',
        'pending>in_progress',
        'in_progress>error',
        'error>in_progress',
        'in_progress>complete',
      ]);
    });

    it('returns the task reopened in the view when the worker is stopped', async () => {
      const failed = await run('diamond', { script: { left: { fail: { kind: 'permanent' } } } });
      await app.tasker.stopWorker();
      try {
        const view = await app.tasker.resolveStepManually(failed.id, 'left', { sum: 7 });
        expect(view.status).toBe('in_progress');
        expect(view.completedAt).toBeNull();
        expect(stepOf(view, 'bottom')).toMatchObject({ status: 'pending', attempts: 0 });
        const explanation = await app.tasker.explainTask(failed.id);
        expect(explanation.steps.find((step) => step.name === 'bottom')).toMatchObject({ ready: true });
      } finally {
        await app.tasker.startWorker();
      }
      const done = await app.tasker.waitForTask(failed.id, { timeoutMs: 15_000 });
      expect(done.status).toBe('complete');
      expect(stepOf(done, 'bottom').results).toMatchObject({ sum: 8 + 7 + 5 });
    });

    it('resolves a step waiting for its retry: the retry never runs, its dependant does, the task completes', async () => {
      const created = await create('patient', {
        script: { work: { fail: { kind: 'retryable', times: 1, retryAfterMs: 5000 } } },
      });
      await waitFor(async () => stepOf(await app.tasker.getTask(created.id), 'work').status === 'waiting_for_retry', {
        what: 'work waiting_for_retry',
      });
      const view = await app.tasker.resolveStepManually(created.id, 'work', { sum: 40 });
      expect(view.status).toBe('in_progress');
      expect(stepOf(view, 'work')).toMatchObject({
        status: 'resolved_manually',
        attempts: 1,
        nextRetryAt: null,
        results: { sum: 40 },
      });
      const done = await app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
      expect(done.status).toBe('complete');
      expect(statuses(done)).toEqual({ work: ['resolved_manually', 1], next: ['complete', 1] });
      expect(stepOf(done, 'next').results).toMatchObject({ sum: 42, inputs: { work: 40 } });
      expect(probe.runsOf(created.id, 'work')).toHaveLength(1);
    });

    it('resolves a pending step below a failed one (the task stays in error), then the failed one (it completes)', async () => {
      const failed = await run('pair', { script: { work: { fail: { kind: 'permanent' } } } });
      expect(failed.status).toBe('error');
      const first = await app.tasker.resolveStepManually(failed.id, 'next', { sum: 2 });
      expect(first.status).toBe('error');
      expect(statuses(first)).toEqual({ work: ['error', 1], next: ['resolved_manually', 0], side: ['complete', 1] });
      const second = await app.tasker.resolveStepManually(failed.id, 'work', { sum: 1 });
      expect(second.status).toBe('complete');
      expect(statuses(second)).toEqual({
        work: ['resolved_manually', 1],
        next: ['resolved_manually', 0],
        side: ['complete', 1],
      });
      expect(probe.runsOf(failed.id, 'next')).toHaveLength(0);
    });

    it('resolving the last unfinished step completes the task', async () => {
      const failed = await run('single', { script: { work: { fail: { kind: 'permanent' } } } });
      expect(failed.status).toBe('error');
      const view = await app.tasker.resolveStepManually(failed.id, 'work', { sum: 1 });
      expect(view.status).toBe('complete');
      expect(view.completedAt).not.toBeNull();
      expect(stepOf(view, 'work')).toMatchObject({ status: 'resolved_manually', results: { sum: 1 } });
      expect((await app.tasker.waitForTask(failed.id, { timeoutMs: 1000 })).status).toBe('complete');
    });

    it('refuses a step in a state that cannot be resolved, an unknown step and an unknown task', async () => {
      const done = await run('single');
      const refused = await rejection(app.tasker.resolveStepManually(done.id, 'work', { sum: 1 }));
      expect(refused).toBeInstanceOf(InvalidStateTransitionError);
      expect(refused).toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
      await expect(app.tasker.resolveStepManually(done.id, 'nope')).rejects.toBeInstanceOf(StepNotFoundError);
      await expect(app.tasker.resolveStepManually(UNKNOWN_ID, 'work')).rejects.toBeInstanceOf(TaskNotFoundError);

      // running (in_progress) steps cannot be resolved
      const running = await create('single', { script: { work: { hold: { until: 'gate' } } } });
      await waitFor(() => probe.heldRuns(running.id).length === 1, { what: 'work held' });
      await expect(app.tasker.resolveStepManually(running.id, 'work', { sum: 1 })).rejects.toBeInstanceOf(
        InvalidStateTransitionError,
      );
      probe.release(running.id);
      expect((await app.tasker.waitForTask(running.id, { timeoutMs: 15_000 })).status).toBe('complete');

      // a step of a cancelled task cannot be resolved
      const cancelled = await create('pair', { script: { work: { hold: { until: 'signal' } } } });
      await app.tasker.cancelTask(cancelled.id);
      await expect(app.tasker.resolveStepManually(cancelled.id, 'next', {})).rejects.toBeInstanceOf(
        InvalidStateTransitionError,
      );
    });
  });

  describe('operator actions in the history', () => {
    interface TransitionRow {
      kind: 'task' | 'step';
      step_name: string | null;
      from_status: string | null;
      to_status: string;
      worker: string | null;
      metadata: OperatorActionRecord | null;
    }

    /** Every transition of the task, task and step ones, in the order they were written. */
    function history(taskId: string): Promise<TransitionRow[]> {
      return app.query<TransitionRow>(
        `SELECT kind, step_name, from_status, to_status, worker, metadata FROM (
           SELECT 'task' AS kind, NULL::text AS step_name, t.from_status, t.to_status, t.worker, t.metadata, t.created_at, t.id
             FROM tasker.task_transitions t WHERE t.task_id = $1
           UNION ALL
           SELECT 'step', s.name, t.from_status, t.to_status, t.worker, t.metadata, t.created_at, t.id
             FROM tasker.step_transitions t JOIN tasker.steps s ON s.id = t.step_id WHERE t.task_id = $1
         ) h ORDER BY created_at, kind, id`,
        [taskId],
      );
    }

    /**
     * The transitions written by operator actions, steps (by name) before the task; checks on the way
     * that they name no worker and that the steps' runs still name this app's worker.
     */
    async function operatorRows(taskId: string): Promise<TransitionRow[]> {
      const rows = await history(taskId);
      const byOperator = rows
        .filter((row) => row.metadata !== null)
        .sort((x, y) => x.kind.localeCompare(y.kind) || (x.step_name ?? '').localeCompare(y.step_name ?? ''));
      for (const row of byOperator) expect(row.worker).toBeNull();
      for (const row of rows.filter(
        (candidate) => candidate.metadata === null && candidate.to_status === 'in_progress',
      )) {
        if (row.kind === 'step') expect(row.worker).toBe(app.worker.workerId);
      }
      return byOperator;
    }

    it('cancelTask records the cancel, its actor and reason on the task and on every step it cancels', async () => {
      const created = await create('linear', { script: { a: { hold: { until: 'signal' } } } });
      await waitFor(() => probe.heldRuns(created.id).length === 1, { what: 'a held' });
      await app.tasker.cancelTask(created.id, { actor: 'alice@example.com', reason: 'customer withdrew the order' });

      const metadata = {
        by: 'operator',
        actor: 'alice@example.com',
        action: 'cancel',
        reason: 'customer withdrew the order',
      };
      expect(await operatorRows(created.id)).toEqual([
        { kind: 'step', step_name: 'a', from_status: 'in_progress', to_status: 'cancelled', worker: null, metadata },
        { kind: 'step', step_name: 'b', from_status: 'pending', to_status: 'cancelled', worker: null, metadata },
        { kind: 'step', step_name: 'c', from_status: 'pending', to_status: 'cancelled', worker: null, metadata },
        { kind: 'step', step_name: 'd', from_status: 'pending', to_status: 'cancelled', worker: null, metadata },
        { kind: 'task', step_name: null, from_status: 'in_progress', to_status: 'cancelled', worker: null, metadata },
      ]);
    });

    it("retryStep without options records the retry by the actor 'operator'", async () => {
      const failed = await run('pair', { script: { work: { fail: { times: 2 } } } });
      expect(failed.status).toBe('error');
      await app.tasker.retryStep(failed.id, 'work');
      expect((await app.tasker.waitForTask(failed.id, { timeoutMs: 15_000 })).status).toBe('complete');

      const metadata = { by: 'operator', actor: 'operator', action: 'retry' };
      expect(await operatorRows(failed.id)).toEqual([
        { kind: 'step', step_name: 'work', from_status: 'error', to_status: 'pending', worker: null, metadata },
        { kind: 'task', step_name: null, from_status: 'error', to_status: 'in_progress', worker: null, metadata },
      ]);
    });

    it('resolveStepManually records the resolve and its actor on the step and on the task it finishes', async () => {
      const failed = await run('single', { script: { work: { fail: { kind: 'permanent' } } } });
      await app.tasker.resolveStepManually(failed.id, 'work', { sum: 1 }, { actor: 'ops-bot' });

      const metadata = { by: 'operator', actor: 'ops-bot', action: 'resolve' };
      expect(await operatorRows(failed.id)).toEqual([
        {
          kind: 'step',
          step_name: 'work',
          from_status: 'error',
          to_status: 'resolved_manually',
          worker: null,
          metadata,
        },
        { kind: 'task', step_name: null, from_status: 'error', to_status: 'complete', worker: null, metadata },
      ]);
    });

    it('refuses malformed options with TaskValidationError, naming the field, and changes nothing', async () => {
      const failed = await run('single', { script: { work: { fail: { kind: 'permanent' } } } });
      const before = await history(failed.id);

      const empty = await rejection(app.tasker.cancelTask(failed.id, { actor: ' ' }));
      expect(empty).toBeInstanceOf(TaskValidationError);
      expect((empty as Error).message).toContain('options.actor must be a non-empty string');
      const long = await rejection(app.tasker.retryStep(failed.id, 'work', { reason: 'x'.repeat(257) }));
      expect((long as Error).message).toContain('options.reason must be at most 256 characters (got 257)');
      const wrongType = await rejection(
        app.tasker.resolveStepManually(failed.id, 'work', null, { actor: 42 as unknown as string }),
      );
      expect(wrongType).toMatchObject({ name: 'TaskValidationError', code: 'TASK_VALIDATION_FAILED' });

      expect(await history(failed.id)).toEqual(before);
      expect((await app.tasker.getTask(failed.id)).status).toBe('error');
    });
  });

  describe('waitForTask', () => {
    it('resolves at once for a task that is already terminal', async () => {
      const done = await run('single');
      const again = await app.tasker.waitForTask(done.id, { timeoutMs: 50 });
      expect(again).toMatchObject({ id: done.id, status: 'complete' });
      const failed = await run('once', { script: { work: { fail: {} } } });
      expect((await app.tasker.waitForTask(failed.id, { timeoutMs: 50 })).status).toBe('error');
    });

    it('rejects with TaskWaitTimeoutError after timeoutMs, leaving the task alone', async () => {
      const created = await create('single', { script: { work: { hold: { until: 'gate' } } } });
      await waitFor(() => probe.heldRuns(created.id).length === 1, { what: 'work held' });
      const error = await rejection(app.tasker.waitForTask(created.id, { timeoutMs: 200 }));
      expect(error).toBeInstanceOf(TaskWaitTimeoutError);
      expect(error).toMatchObject({ name: 'TaskWaitTimeoutError', code: 'TASK_WAIT_TIMEOUT', taskId: created.id });
      expect((await app.tasker.getTask(created.id)).status).toBe('in_progress');
      probe.release(created.id);
      expect((await app.tasker.waitForTask(created.id, { timeoutMs: 15_000 })).status).toBe('complete');
    });

    it('rejects with TaskNotFoundError for an unknown task', async () => {
      await expect(app.tasker.waitForTask(UNKNOWN_ID, { timeoutMs: 100 })).rejects.toBeInstanceOf(TaskNotFoundError);
    });
  });
});
