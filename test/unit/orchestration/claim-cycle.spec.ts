import { TaskerEventBus } from '../../../lib/events/tasker-event-bus';
import { ClaimCycle, MAX_OUTCOMES_PER_CYCLE } from '../../../lib/orchestration/claim-cycle';
import { InFlightRuns } from '../../../lib/orchestration/in-flight-runs';
import { OutcomeBuffer, type PendingOutcome } from '../../../lib/orchestration/outcome-buffer';
import type { CycleRow, OutcomeToWrite } from '../../../lib/persistence/sql/run-cycle.query';
import { claimedRow, fakeRegistry, fakeRun, fakeStep, fakeTask, recordingLogger } from './worker-fakes';

interface Call {
  claimLimit: number;
  outcomes: string[];
}

function fixture(options: { limit?: number; claiming?: boolean; answer?: (call: Call) => CycleRow[] | Error } = {}) {
  const calls: Call[] = [];
  const statement = {
    runCycle: (claimLimit: number, outcomes: readonly OutcomeToWrite[]): Promise<CycleRow[]> => {
      const call = { claimLimit, outcomes: outcomes.map((o) => o.stepId) };
      calls.push(call);
      const answer = options.answer?.(call) ?? [];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  const outcomes = new OutcomeBuffer();
  const runs = new InFlightRuns();
  const dispatched: CycleRow[][] = [];
  const retries: number[] = [];
  const bus = new TaskerEventBus();
  const events: Array<[string, Record<string, unknown>]> = [];
  for (const name of ['step.completed', 'step.retry_scheduled', 'task.completed'])
    bus.subscribe(name, (payload) => events.push([name, payload]));
  const logger = recordingLogger();
  const cycle = new ClaimCycle(
    statement,
    outcomes,
    runs,
    { currentLimit: () => options.limit ?? 4 },
    { dispatch: (rows) => dispatched.push([...rows]) },
    bus,
    fakeRegistry(fakeTask()),
    { claiming: () => options.claiming ?? true, retryDueAt: (time) => retries.push(time) },
    logger,
  );
  return { cycle, calls, outcomes, runs, dispatched, retries, events, logger };
}

const step = fakeStep('done-1');
function pending(
  stepId: string,
  outcome: PendingOutcome['outcome'] = { kind: 'complete', result: '1', durationMs: 2 },
): PendingOutcome {
  return { stepId, attempt: 1, step: stepId.startsWith('done') ? { ...step, stepId } : undefined, outcome };
}

function written(stepId: string, status: string, retryInMs: number | null = null): CycleRow {
  return {
    kind: 'step',
    step_id: stepId,
    task_id: 'task-1',
    status,
    attempt: 1,
    named_task_id: 7,
    step_name: 'charge',
    error: null,
    retry_in_ms: retryInMs,
  };
}

describe('ClaimCycle', () => {
  it('does nothing without outcomes and without a wanted claim', async () => {
    const f = fixture();
    await f.cycle.run();
    expect(f.calls).toEqual([]);
  });

  it('claims only the free slots, and asks for another claim when it filled them all', async () => {
    const f = fixture({
      limit: 3,
      answer: ({ claimLimit }) => Array.from({ length: claimLimit }, (_, i) => claimedRow({ step_id: `c${i}` })),
    });
    f.runs.add(fakeRun(fakeStep('busy')));
    f.cycle.wantClaim();
    await f.cycle.run();
    await f.cycle.run();
    expect(f.calls).toEqual([
      { claimLimit: 2, outcomes: [] },
      { claimLimit: 2, outcomes: [] },
    ]);
    expect(f.dispatched.map((rows) => rows.map((row) => row.step_id))).toEqual([
      ['c0', 'c1'],
      ['c0', 'c1'],
    ]);
  });

  it('writes outcomes (claiming with them), publishes what was accepted and logs what was discarded', async () => {
    const f = fixture({
      answer: () => [
        written('done-1', 'complete'),
        written('done-2', 'waiting_for_retry', 40),
        {
          kind: 'task',
          step_id: null,
          task_id: 'task-1',
          status: 'complete',
          attempt: null,
          named_task_id: 7,
          step_name: null,
          error: null,
        },
      ],
    });
    const error = { message: 'x', code: null, type: 'Error' };
    f.outcomes.add(pending('done-1'));
    f.outcomes.add(pending('done-2', { kind: 'retry', error, delayMs: 40, durationMs: 1 }));
    f.outcomes.add(pending('late-3'));
    const before = Date.now();
    await f.cycle.run();
    expect(f.calls).toEqual([{ claimLimit: 4, outcomes: ['done-1', 'done-2', 'late-3'] }]);
    expect(f.events.map(([name, payload]) => [name, payload.stepId ?? payload.taskId])).toEqual([
      ['step.completed', 'done-1'],
      ['step.retry_scheduled', 'done-2'],
      ['task.completed', 'task-1'],
    ]);
    expect(f.retries).toHaveLength(1);
    expect(f.retries[0]).toBeGreaterThanOrEqual(before + 40);
    expect(f.logger.lines).toEqual([
      {
        level: 'debug',
        fields: { stepId: 'late-3', attempt: 1, durationMs: 2 },
        message: 'Outcome discarded: the run no longer held its lease',
      },
    ]);
  });

  it('writes at most MAX_OUTCOMES_PER_CYCLE outcomes per round trip, and claims nothing while draining', async () => {
    const f = fixture({ claiming: false });
    for (let i = 0; i < MAX_OUTCOMES_PER_CYCLE + 2; i++) f.outcomes.add(pending(`late-${i}`));
    f.cycle.wantClaim();
    await f.cycle.run();
    expect(f.calls.map((call) => [call.claimLimit, call.outcomes.length])).toEqual([[0, MAX_OUTCOMES_PER_CYCLE]]);
    expect(f.outcomes.length).toBe(2);
  });

  it('keeps the batch and the wanted claim when the round trip fails', async () => {
    let fail = true;
    const f = fixture({ answer: () => (fail ? new Error('connection lost') : []) });
    f.outcomes.add(pending('late-1'));
    f.outcomes.add(pending('late-2'));
    f.cycle.wantClaim();
    await expect(f.cycle.run()).rejects.toThrow('connection lost');
    expect(f.outcomes.stepIds()).toEqual(['late-1', 'late-2']);
    fail = false;
    await f.cycle.run();
    await f.cycle.run();
    expect(f.calls).toEqual([
      { claimLimit: 4, outcomes: ['late-1', 'late-2'] },
      { claimLimit: 4, outcomes: ['late-1', 'late-2'] },
    ]);
  });
});
