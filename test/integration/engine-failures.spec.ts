import { expect } from '@jest/globals';
import type { StepView, TaskView } from '../../lib';
import { EngineProbe, type EngineContext } from '../fixtures/engine.fixture';
import { closeAll, createEngineApp, engineOptions, stepTransitions, type EngineApp } from '../support/engine-app';
import { firstOf, itemAt } from '../support/present';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

function stepOf(task: TaskView, name: string): StepView {
  const step = task.steps.find((candidate) => candidate.name === name);
  if (step === undefined) throw new Error(`task ${task.id} has no step ${name}`);
  return step;
}

function statuses(task: TaskView): Record<string, [string, number]> {
  return Object.fromEntries(task.steps.map((step) => [step.name, [step.status, step.attempts]]));
}

describe('engine: failures, retries and timeouts (PostgreSQL)', () => {
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

  async function create(name: string, context: EngineContext = {}): Promise<TaskView> {
    return app.tasker.createTask({ namespace: 'engine', name, context });
  }

  async function run(name: string, context: EngineContext = {}): Promise<TaskView> {
    const created = await create(name, context);
    return app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
  }

  it('retries a step that fails twice, then succeeds: attempts 3, step and task complete', async () => {
    const done = await run('linear', { script: { b: { fail: { times: 2 } } } });
    expect(done.status).toBe('complete');
    expect(statuses(done)).toEqual({ a: ['complete', 1], b: ['complete', 3], c: ['complete', 1], d: ['complete', 1] });
    const b = stepOf(done, 'b');
    // the last failure stays on record after the success
    expect(b.error).toEqual({ message: 'b failed on attempt 2', code: null, type: 'Error' });
    expect(b.results).toMatchObject({ sum: 3, attempt: 3 });
    expect(probe.runsOf(done.id, 'b').map((run) => run.attempt)).toEqual([1, 2, 3]);
    const bTransitions = (await stepTransitions(app, done.id)).filter((row) => row.step_name === 'b');
    expect(bTransitions.map((row) => [row.from_status, row.to_status, row.attempt])).toEqual([
      ['pending', 'in_progress', 1],
      ['in_progress', 'waiting_for_retry', 1],
      ['waiting_for_retry', 'in_progress', 2],
      ['in_progress', 'waiting_for_retry', 2],
      ['waiting_for_retry', 'in_progress', 3],
      ['in_progress', 'complete', 3],
    ]);
  });

  it('a PermanentError ends the step at once; descendants stay pending, the unrelated branch runs first', async () => {
    // l fails permanently while r is held: the task must wait for r's whole subtree before it errors.
    const created = await create('tree', {
      script: {
        l: { fail: { kind: 'permanent', code: 'CARD_DECLINED', message: 'declined' } },
        r: { hold: { until: 'gate' } },
      },
    });
    await waitFor(async () => stepOf(await app.tasker.getTask(created.id), 'l').status === 'error', {
      what: 'l in error',
    });
    await waitFor(() => probe.heldRuns(created.id).length === 1, { what: 'r held' });
    const meanwhile = await app.tasker.getTask(created.id);
    expect(meanwhile.status).toBe('in_progress');
    expect(meanwhile.completedAt).toBeNull();
    probe.release(created.id);

    const done = await app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
    expect(done.status).toBe('error');
    expect(done.completedAt).not.toBeNull();
    expect(statuses(done)).toEqual({
      root: ['complete', 1],
      l: ['error', 1],
      r: ['complete', 1],
      ll: ['pending', 0],
      lr: ['pending', 0],
      rl: ['complete', 1],
      rr: ['complete', 1],
    });
    expect(stepOf(done, 'l').error).toEqual({ message: 'declined', code: 'CARD_DECLINED', type: 'PermanentError' });
    expect(stepOf(done, 'l').nextRetryAt).toBeNull();
    expect(probe.runsOf(done.id, 'll')).toHaveLength(0);
    const explanation = await app.tasker.explainTask(done.id);
    expect(explanation.executionStatus).toBe('blocked_by_failures');
    expect(explanation.failedSteps).toBe(1);
  });

  it('exhausts maxAttempts with plain errors: error after 3 attempts, descendants pending, other branch complete', async () => {
    const done = await run('mixed', { script: { d: { fail: {} } } });
    expect(done.status).toBe('error');
    expect(statuses(done)).toEqual({
      a: ['complete', 1],
      b: ['complete', 1],
      c: ['complete', 1],
      d: ['error', 3],
      e: ['pending', 0],
      f: ['complete', 1],
      g: ['pending', 0],
    });
    expect(stepOf(done, 'd').error).toEqual({ message: 'd failed on attempt 3', code: null, type: 'Error' });
    expect(probe.runsOf(done.id, 'd').map((run) => run.attempt)).toEqual([1, 2, 3]);
  });

  it('RetryableError without retryAfterMs is retried with the backoff', async () => {
    const done = await run('single', { script: { work: { fail: { kind: 'retryable', times: 1 } } } });
    expect(done.status).toBe('complete');
    expect(stepOf(done, 'work').attempts).toBe(2);
    expect(stepOf(done, 'work').error).toEqual({
      message: 'work failed on attempt 1',
      code: 'RETRYABLE',
      type: 'RetryableError',
    });
  });

  it('a step with retryable: false fails once and ends in error', async () => {
    const done = await run('once', { script: { work: { fail: { message: 'no second chance' } } } });
    expect(done.status).toBe('error');
    expect(statuses(done)).toEqual({ work: ['error', 1] });
    expect(stepOf(done, 'work').error).toEqual({ message: 'no second chance', code: null, type: 'Error' });
    expect(probe.runsOf(done.id)).toHaveLength(1);
  });

  it('honours RetryableError.retryAfterMs: waiting_for_retry, blocked by backoff, runs again only when due', async () => {
    const retryAfterMs = 1500;
    const created = await create('patient', {
      script: { work: { fail: { kind: 'retryable', times: 1, retryAfterMs } } },
    });
    const waiting = await waitFor(
      async () => {
        const view = await app.tasker.getTask(created.id);
        return stepOf(view, 'work').status === 'waiting_for_retry' ? view : undefined;
      },
      { what: 'work waiting_for_retry' },
    );
    const work = stepOf(waiting, 'work');
    expect(work.attempts).toBe(1);
    expect(work.nextRetryAt).not.toBeNull();
    expect(work.error).toEqual({ message: 'work failed on attempt 1', code: 'RETRYABLE', type: 'RetryableError' });

    const explanation = await app.tasker.explainTask(created.id);
    expect(explanation.steps).toEqual([
      expect.objectContaining({
        name: 'work',
        status: 'waiting_for_retry',
        ready: false,
        blockedBy: 'backoff',
        attempts: 1,
      }),
      expect.objectContaining({
        name: 'next',
        status: 'pending',
        ready: false,
        blockedBy: 'dependencies',
        waitingOn: ['work'],
      }),
    ]);
    expect(firstOf(explanation.steps).nextRetryAt).toBe(work.nextRetryAt);

    // The delay is the handler's, not the backoff's (5 ms): due exactly retryAfterMs after the failure was written.
    const { delay_ms: delayMs } = firstOf(
      await app.query<{ delay_ms: string }>(
        `SELECT round(extract(epoch FROM (s.next_attempt_at - t.created_at)) * 1000)::text AS delay_ms
       FROM tasker.steps s JOIN tasker.step_transitions t ON t.step_id = s.id AND t.to_status = 'waiting_for_retry'
       WHERE s.task_id = $1`,
        [created.id],
      ),
    );
    expect(Number(delayMs)).toBe(retryAfterMs);
    expect(probe.eventsOf('step.retry_scheduled', created.id)).toEqual([
      expect.objectContaining({ retryInMs: retryAfterMs }),
    ]);

    const done = await app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
    expect(done.status).toBe('complete');
    expect(statuses(done)).toEqual({ work: ['complete', 2], next: ['complete', 1] });
    const transitionTimes = await app.query<{ at: Date }>(
      `SELECT created_at AS at FROM tasker.step_transitions
       WHERE task_id = $1 AND ((to_status = 'waiting_for_retry') OR (to_status = 'in_progress' AND attempt = 2)) ORDER BY id`,
      [created.id],
    );
    const failedAt = itemAt(transitionTimes, 0, 'transition');
    const retriedAt = itemAt(transitionTimes, 1, 'transition');
    // not claimed before it was due (same clock: the database's)
    expect(retriedAt.at.getTime() - failedAt.at.getTime()).toBeGreaterThanOrEqual(retryAfterMs);
  });

  it('caps retryAfterMs at backoff.maxMs (the module maxMs of 50 ms here)', async () => {
    const done = await run('single', {
      script: { work: { fail: { kind: 'retryable', times: 1, retryAfterMs: 60_000 } } },
    });
    expect(done.status).toBe('complete');
    expect(stepOf(done, 'work').attempts).toBe(2);
    expect(probe.eventsOf('step.retry_scheduled', done.id)).toEqual([
      expect.objectContaining({ attempt: 1, retryInMs: 50 }),
    ]);
  });

  it('timeoutMs aborts the signal of a handler that waits for it, counts attempts, ends in TIMEOUT', async () => {
    const done = await run('timed', { script: { work: { hold: { until: 'signal' } } } });
    expect(done.status).toBe('error');
    expect(statuses(done)).toEqual({ work: ['error', 2], next: ['pending', 0] });
    expect(stepOf(done, 'work').error).toEqual({
      message: expect.stringContaining('timed out after 150 ms'),
      code: 'TIMEOUT',
      type: 'StepAbortedError',
    });
    const runs = probe.runsOf(done.id, 'work');
    expect(runs.map((run) => [run.attempt, run.abortReason, run.abortErrorName, run.finished])).toEqual([
      [1, 'timeout', 'StepAbortedError', true],
      [2, 'timeout', 'StepAbortedError', true],
    ]);
    const transitions = (await stepTransitions(app, done.id)).filter((row) => row.to_status !== 'in_progress');
    expect(transitions.map((row) => [row.to_status, row.attempt, row.error?.code])).toEqual([
      ['waiting_for_retry', 1, 'TIMEOUT'],
      ['error', 2, 'TIMEOUT'],
    ]);
  });

  it('a timed-out attempt followed by a quick one completes the step', async () => {
    const done = await run('timed', { script: { work: { hold: { until: 'signal', attempts: [1] } } } });
    expect(done.status).toBe('complete');
    expect(statuses(done)).toEqual({ work: ['complete', 2], next: ['complete', 1] });
    expect(stepOf(done, 'work').error?.code).toBe('TIMEOUT');
  });

  it('times out a handler that ignores its signal (its slot is freed) and discards its late result', async () => {
    const created = await create('timed', { script: { work: { hold: { until: 'gate', attempts: [1] } } } });
    const done = await app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
    expect(done.status).toBe('complete');
    expect(statuses(done)).toEqual({ work: ['complete', 2], next: ['complete', 1] });
    expect(stepOf(done, 'work').results).toMatchObject({ attempt: 2 });
    // attempt 1 is still blocked in its handler; let it return now
    const first = firstOf(probe.runsOf(created.id, 'work'));
    expect([first.attempt, first.finished, first.abortReason]).toEqual([1, false, 'timeout']);
    expect(probe.release(created.id)).toBe(1);
    await waitFor(() => first.finished, { what: 'the first handler returned' });
    const barrier = await run('single');
    expect(barrier.status).toBe('complete');
    const after = await app.tasker.getTask(created.id);
    expect(statuses(after)).toEqual({ work: ['complete', 2], next: ['complete', 1] });
    expect(stepOf(after, 'work').results).toMatchObject({ attempt: 2 });
  });
});
