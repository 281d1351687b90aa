import type { StepView, TaskView } from '../../lib';
import { EngineProbe, type EngineContext, type ScriptedResult } from '../fixtures/engine.fixture';
import { ThrowingSubscribersModule } from '../fixtures/throwing-subscribers.fixture';
import { closeAll, createEngineApp, engineOptions, testLogger, type EngineApp } from '../support/engine-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

const TASK_EVENTS = [
  'task.created',
  'task.started',
  'task.completed',
  'task.failed',
  'task.cancelled',
  'task.resolved_manually',
];
const STEP_EVENTS = [
  'step.started',
  'step.completed',
  'step.failed',
  'step.retry_scheduled',
  'step.cancelled',
  'step.resolved_manually',
];
const CATALOG = [...TASK_EVENTS, ...STEP_EVENTS];

function stepOf(task: TaskView, name: string): StepView {
  const step = task.steps.find((candidate) => candidate.name === name);
  if (step === undefined) throw new Error(`task ${task.id} has no step ${name}`);
  return step;
}

describe('engine: events (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: EngineApp;
  const probe = new EngineProbe();

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createEngineApp(engineOptions(database.url), probe, {
      before: [ThrowingSubscribersModule.register(probe)],
    });
  });

  afterAll(async () => {
    await closeAll(app);
    await database?.drop();
  });

  function create(name: string, context: EngineContext = {}): Promise<TaskView> {
    return app.tasker.createTask({ namespace: 'engine', name, context });
  }

  /** The catalog events recorded for a task, as sorted `event:step#attempt` lines. */
  function occurrences(taskId: string): string[] {
    return probe.events
      .filter((recorded) => CATALOG.includes(recorded.event) && recorded.payload.taskId === taskId)
      .map(({ event, payload }) =>
        STEP_EVENTS.includes(event) ? `${event}:${String(payload.stepName)}#${String(payload.attempt)}` : event,
      )
      .sort();
  }

  /** Every recorded event of the task carries the task fields; step events the step's id, name and attempt. */
  function expectPayloads(task: TaskView): void {
    const recorded = probe.events.filter((entry) => CATALOG.includes(entry.event) && entry.payload.taskId === task.id);
    expect(recorded.length).toBeGreaterThan(0);
    for (const { event, payload } of recorded) {
      expect({ event, ...payload }).toMatchObject({
        event,
        taskId: task.id,
        namespace: 'engine',
        name: task.name,
        version: '1.0.0',
      });
      if (STEP_EVENTS.includes(event)) {
        const step = stepOf(task, String(payload.stepName));
        expect({ event, stepId: payload.stepId, attempt: typeof payload.attempt }).toEqual({
          event,
          stepId: step.id,
          attempt: 'number',
        });
      }
      if (['step.completed', 'step.failed', 'step.retry_scheduled'].includes(event)) {
        expect({ event, durationMs: typeof payload.durationMs }).toEqual({ event, durationMs: 'number' });
        expect(payload.durationMs).toBeGreaterThanOrEqual(0);
      }
      if (['step.failed', 'step.retry_scheduled'].includes(event)) {
        const error = payload.error as Record<string, unknown>;
        expect(Object.keys(error).sort()).toEqual(['code', 'message', 'type']);
        expect([
          typeof error.message,
          typeof error.type,
          error.code === null || typeof error.code === 'string',
        ]).toEqual(['string', 'string', true]);
      }
    }
  }

  it('delivers each event of a successful run with a retry once per occurrence, with its payload', async () => {
    const created = await create('diamond', {
      script: {
        left: { fail: { times: 1, message: 'left hiccup' } },
        right: { publish: [{ event: 'payment.authorised', payload: { amount: 42, currency: 'EUR' } }] },
      },
    });
    const done = await app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
    expect(done.status).toBe('complete');

    expect(occurrences(done.id)).toEqual(
      [
        'task.created',
        'task.started',
        'step.started:top#1',
        'step.completed:top#1',
        'step.started:left#1',
        'step.retry_scheduled:left#1',
        'step.started:left#2',
        'step.completed:left#2',
        'step.started:right#1',
        'step.completed:right#1',
        'step.started:bottom#1',
        'step.completed:bottom#1',
        'task.completed',
      ].sort(),
    );
    expectPayloads(done);
    expect(probe.eventsOf('step.retry_scheduled', done.id)).toEqual([
      expect.objectContaining({
        stepName: 'left',
        attempt: 1,
        retryInMs: 5,
        error: { message: 'left hiccup', code: null, type: 'Error' },
      }),
    ]);
    expect(probe.eventsOf('task.completed', done.id)).toEqual([
      { taskId: done.id, namespace: 'engine', name: 'diamond', version: '1.0.0' },
    ]);
  });

  it('delivers a custom event published by a handler, with the step fields', async () => {
    const created = await create('single', {
      script: { work: { publish: [{ event: 'payment.authorised', payload: { amount: 7, currency: 'GBP' } }] } },
    });
    const done = await app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
    expect(done.status).toBe('complete');
    expect(probe.eventsOf('payment.authorised', done.id)).toEqual([
      {
        amount: 7,
        currency: 'GBP',
        event: 'payment.authorised',
        taskId: done.id,
        namespace: 'engine',
        name: 'single',
        version: '1.0.0',
        stepId: stepOf(done, 'work').id,
        stepName: 'work',
        attempt: 1,
      },
    ]);
  });

  it('makes ctx.publish throw InvalidEventNameError for a reserved or dot-less name (the handler can catch it)', async () => {
    const created = await create('single', {
      script: { work: { tryEvents: ['task.custom', 'nodot', 'step.mine', 'workflow.mine', 'order.shipped'] } },
    });
    const done = await app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
    expect(done.status).toBe('complete');
    const invalid = {
      threw: true,
      errorName: 'InvalidEventNameError',
      code: 'INVALID_EVENT_NAME',
      isInvalidEventNameError: true,
    };
    expect((stepOf(done, 'work').results as ScriptedResult).publishAttempts).toEqual([
      { event: 'task.custom', ...invalid },
      { event: 'nodot', ...invalid },
      { event: 'step.mine', ...invalid },
      { event: 'workflow.mine', ...invalid },
      { event: 'order.shipped', threw: false, errorName: null, code: null, isInvalidEventNameError: false },
    ]);
    expect(probe.events.filter((entry) => entry.event === 'task.custom' || entry.event === 'nodot')).toEqual([]);
  });

  it('delivers step.failed and task.failed once, then step.resolved_manually and task.completed on resolve', async () => {
    const created = await create('single', {
      script: { work: { fail: { kind: 'permanent', code: 'NOPE', message: 'no way' } } },
    });
    const failed = await app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
    expect(failed.status).toBe('error');
    const error = { message: 'no way', code: 'NOPE', type: 'PermanentError' };
    expect(occurrences(failed.id)).toEqual([
      'step.failed:work#1',
      'step.started:work#1',
      'task.created',
      'task.failed',
      'task.started',
    ]);
    expect(probe.eventsOf('step.failed', failed.id)).toEqual([
      expect.objectContaining({ stepName: 'work', attempt: 1, error }),
    ]);
    expect(probe.eventsOf('task.failed', failed.id)).toEqual([expect.objectContaining({ taskId: failed.id, error })]);

    const resolved = await app.tasker.resolveStepManually(failed.id, 'work', { sum: 1 });
    expect(resolved.status).toBe('complete');
    expect(occurrences(failed.id)).toEqual(
      [
        'task.created',
        'task.started',
        'step.started:work#1',
        'step.failed:work#1',
        'task.failed',
        'step.resolved_manually:work#1',
        'task.completed',
      ].sort(),
    );
    expectPayloads(resolved);
  });

  it('delivers task.cancelled once and step.cancelled once per cancelled step', async () => {
    const created = await create('linear', { script: { a: { hold: { until: 'signal' } } } });
    await waitFor(() => probe.heldRuns(created.id).length === 1, { what: 'a held' });
    const cancelled = await app.tasker.cancelTask(created.id);
    expect(cancelled.status).toBe('cancelled');
    expect(occurrences(created.id)).toEqual(
      [
        'task.created',
        'task.started',
        'step.started:a#1',
        'task.cancelled',
        'step.cancelled:a#1',
        'step.cancelled:b#0',
        'step.cancelled:c#0',
        'step.cancelled:d#0',
      ].sort(),
    );
    expectPayloads(cancelled);
  });

  it('keeps delivering to other subscribers, and runs the task, when a subscriber throws or rejects', async () => {
    // Every test above ran with the throwing subscribers in place and its tasks finished; here the
    // order of delivery shows the subscribers called after a failing one still got the event.
    const created = await create('single', {
      script: { work: { publish: [{ event: 'payment.authorised', payload: { amount: 1 } }] } },
    });
    const done = await app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
    expect(done.status).toBe('complete');
    const order = probe.events.filter((entry) => entry.payload.taskId === done.id).map((entry) => entry.event);
    for (const event of ['task.created', 'step.completed', 'task.completed', 'payment.authorised']) {
      const thrower = order.indexOf(`thrower:${event}`);
      expect({ event, thrower: thrower >= 0 }).toEqual({ event, thrower: true });
      expect(order.indexOf(event)).toBeGreaterThan(thrower);
      expect(order.filter((name) => name === event)).toHaveLength(1);
    }
    expect(order.indexOf('step.started')).toBeGreaterThan(order.indexOf('rejecter:step.started'));

    // each failure was logged, once
    const calls = probe.events.filter(
      (entry) => entry.event.startsWith('thrower:') || entry.event.startsWith('rejecter:'),
    ).length;
    await waitFor(() => testLogger.matching('error', 'An event subscriber failed').length >= calls, {
      what: 'failures logged',
    });
    expect(testLogger.matching('error', 'An event subscriber failed')).toHaveLength(calls);
  });

  it('never publishes task.resolved_manually (reserved for resolving a whole task)', () => {
    expect(probe.eventsOf('task.resolved_manually')).toEqual([]);
  });
});
