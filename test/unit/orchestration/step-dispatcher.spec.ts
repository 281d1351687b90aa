import { expect } from '@jest/globals';
import { TaskerEventBus } from '../../../lib/events/tasker-event-bus';
import type { ClaimedStep } from '../../../lib/orchestration/claimed-step';
import { InFlightRuns } from '../../../lib/orchestration/in-flight-runs';
import { OutcomeBuffer } from '../../../lib/orchestration/outcome-buffer';
import { StepDispatcher } from '../../../lib/orchestration/step-dispatcher';
import { StepStartObservers } from '../../../lib/orchestration/step-start-observers';
import { waitFor } from '../../support/wait-for';
import { claimedRow, fakeRegistry, fakeRun, fakeTask, recordingLogger, type FakeRun } from './worker-fakes';
import { itemAt } from '../../support/present';

const BACKOFF = { baseMs: 250, multiplier: 2, maxMs: 10_000, jitter: 0 };

function fixture(startObservers?: StepStartObservers) {
  const bus = new TaskerEventBus();
  const events: Array<[string, Record<string, unknown>]> = [];
  for (const name of ['task.started', 'step.started']) bus.subscribe(name, (payload) => events.push([name, payload]));
  const started: FakeRun[] = [];
  const executor = {
    start: (step: ClaimedStep): FakeRun => {
      const run = fakeRun(step);
      started.push(run);
      return run;
    },
  };
  const runs = new InFlightRuns();
  const outcomes = new OutcomeBuffer();
  const logger = recordingLogger();
  let finished = 0;
  const dispatcher = new StepDispatcher(
    fakeRegistry(fakeTask()),
    executor,
    bus,
    runs,
    outcomes,
    BACKOFF,
    () => {
      finished += 1;
    },
    logger,
    undefined,
    startObservers,
  );
  return { dispatcher, runs, outcomes, events, started, logger, finished: () => finished };
}

describe('StepDispatcher', () => {
  it('starts a run per claimed step, announcing a task the claim started once', () => {
    const f = fixture();
    f.dispatcher.dispatch([
      claimedRow({ step_id: 'a', status: 'task_started' }),
      claimedRow({ step_id: 'b', status: 'task_started', step_name: 'ship' }),
    ]);
    expect(f.started.map((run) => [run.step.stepId, run.step.stepName])).toEqual([
      ['a', 'charge'],
      ['b', 'ship'],
    ]);
    expect(f.runs.size).toBe(2);
    expect(f.events.map(([name, payload]) => [name, payload.stepId ?? payload.taskId])).toEqual([
      ['task.started', 'task-1'],
      ['step.started', 'a'],
      ['step.started', 'b'],
    ]);
  });

  it('tells the start observers of each run it starts, with the claimed step', () => {
    const observers = new StepStartObservers();
    const seen: string[] = [];
    observers.add((step, startedAt) => seen.push(`${step.stepId}@${startedAt instanceof Date}`));
    const f = fixture(observers);
    f.dispatcher.dispatch([claimedRow({ step_id: 'a' }), claimedRow({ step_id: 'b', step_name: 'ship' })]);
    expect(seen).toEqual(['a@true', 'b@true']);
    expect(f.started).toHaveLength(2);
  });

  it('buffers the outcome of a finished run, and nothing for an abandoned one', async () => {
    const f = fixture();
    f.dispatcher.dispatch([claimedRow({ step_id: 'a' }), claimedRow({ step_id: 'b', step_name: 'ship' })]);
    const a = itemAt(f.started, 0, 'started run');
    const b = itemAt(f.started, 1, 'started run');
    a.settle({ kind: 'complete', result: '42', durationMs: 3 });
    b.abort('cancelled');
    await waitFor(() => f.finished() === 2, { what: 'both runs finished' });
    expect(f.runs.size).toBe(0);
    expect(f.outcomes.take(10)).toEqual([
      { stepId: 'a', attempt: 1, step: a.step, outcome: { kind: 'complete', result: '42', durationMs: 3 } },
    ]);
  });

  it("refuses a step whose task is not registered here: a failed attempt with TaskHandlerNotFoundError's code and name", () => {
    const f = fixture();
    f.dispatcher.dispatch([
      claimedRow({ step_id: 'x', named_task_id: 99, attempt: 2, max_attempts: 3 }),
      claimedRow({ step_id: 'y', named_task_id: 99, attempt: 3, max_attempts: 3 }),
      claimedRow({ step_id: 'z', named_task_id: 99, attempt: 1, max_attempts: 3, retryable: false }),
    ]);
    const error = {
      message: 'No handler for this task is registered in the process that claimed it',
      code: 'TASK_HANDLER_NOT_FOUND',
      type: 'TaskHandlerNotFoundError',
    };
    expect(f.outcomes.take(10)).toEqual([
      // the failure policy's backoff after attempt 2, not a poll interval
      { stepId: 'x', attempt: 2, step: undefined, outcome: { kind: 'retry', error, delayMs: 500, durationMs: 0 } },
      { stepId: 'y', attempt: 3, step: undefined, outcome: { kind: 'error', error, durationMs: 0 } },
      { stepId: 'z', attempt: 1, step: undefined, outcome: { kind: 'error', error, durationMs: 0 } },
    ]);
    expect([f.started.length, f.runs.size]).toEqual([0, 0]);
    expect(f.logger.lines.map((line) => line.message)).toEqual(
      Array(3).fill('Claimed a step whose task is not registered in this process'),
    );
  });

  it('refuses a step its registered task has no definition for', () => {
    const f = fixture();
    f.dispatcher.dispatch([claimedRow({ step_id: 'q', step_name: 'renamed' })]);
    expect(f.outcomes.take(10)).toEqual([
      expect.objectContaining({ stepId: 'q', outcome: expect.objectContaining({ kind: 'retry', delayMs: 250 }) }),
    ]);
  });
});
