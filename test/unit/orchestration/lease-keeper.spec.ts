import { TaskerEventBus } from '../../../lib/events/tasker-event-bus';
import { InFlightRuns } from '../../../lib/orchestration/in-flight-runs';
import { LeaseKeeper, SWEEP_BATCH, type LeaseStatements } from '../../../lib/orchestration/lease-keeper';
import { OutcomeBuffer } from '../../../lib/orchestration/outcome-buffer';
import type { CycleRow } from '../../../lib/persistence/sql/run-cycle.query';
import { waitFor } from '../../support/wait-for';
import { fakeRegistry, fakeRun, fakeStep, fakeTask, recordingLogger } from './worker-fakes';

interface Fixture {
  keeper: LeaseKeeper;
  runs: InFlightRuns;
  outcomes: OutcomeBuffer;
  events: Array<[string, Record<string, unknown>]>;
  logger: ReturnType<typeof recordingLogger>;
  sent: { heartbeats: string[][]; sweeps: number };
  hooks: { kicks: number; wakes: number };
}

function fixture(statements: { held?: (ids: readonly string[]) => string[]; swept?: () => CycleRow[] } = {}): Fixture {
  const sent = { heartbeats: [] as string[][], sweeps: 0 };
  const leaseStatements: LeaseStatements = {
    heartbeat: (ids) => {
      sent.heartbeats.push([...ids]);
      return Promise.resolve(new Set(statements.held?.(ids) ?? ids));
    },
    expireLeases: () => {
      sent.sweeps += 1;
      return Promise.resolve(statements.swept?.() ?? []);
    },
  };
  const bus = new TaskerEventBus();
  const events: Array<[string, Record<string, unknown>]> = [];
  for (const name of ['step.failed', 'step.retry_scheduled', 'task.failed', 'task.completed']) {
    bus.subscribe(name, (payload) => events.push([name, payload]));
  }
  const runs = new InFlightRuns();
  const outcomes = new OutcomeBuffer();
  const logger = recordingLogger();
  const hooks = { kicks: 0, wakes: 0 };
  const keeper = new LeaseKeeper(
    leaseStatements,
    runs,
    outcomes,
    bus,
    fakeRegistry(fakeTask()),
    {
      kick: () => {
        hooks.kicks += 1;
      },
      wake: () => {
        hooks.wakes += 1;
      },
    },
    logger,
  );
  return { keeper, runs, outcomes, events, logger, sent, hooks };
}

function sweptStep(stepId: string, status: 'waiting_for_retry' | 'error', namedTaskId = 7): CycleRow {
  return {
    kind: 'step',
    step_id: stepId,
    task_id: `task-of-${stepId}`,
    status,
    attempt: 2,
    named_task_id: namedTaskId,
    step_name: 'charge',
    error: { message: 'Lease expired', code: 'LEASE_EXPIRED', type: 'LeaseExpiredError' },
    retry_in_ms: status === 'waiting_for_retry' ? 40 : null,
  };
}

describe('LeaseKeeper', () => {
  let keepers: LeaseKeeper[] = [];
  const started = (f: Fixture, leaseMs: number): Fixture => {
    f.keeper.start(leaseMs);
    keepers.push(f.keeper);
    return f;
  };

  afterEach(() => {
    for (const keeper of keepers) keeper.stop();
    keepers = [];
  });

  it('sweeps once at start and heart-beats on its timer, each time kicking the pipeline', async () => {
    const f = started(fixture(), 30);
    expect(f.hooks.kicks).toBe(1);
    f.runs.add(fakeRun(fakeStep('a')));
    await f.keeper.runDue();
    expect(f.sent).toEqual({ heartbeats: [], sweeps: 1 });
    await waitFor(() => f.hooks.kicks > 1, { what: 'heartbeat due' });
    await f.keeper.runDue();
    expect(f.sent.heartbeats[0]).toEqual(['a']);
  });

  it('sends nothing that is not due', async () => {
    const f = fixture();
    f.runs.add(fakeRun(fakeStep('a')));
    await f.keeper.runDue();
    expect(f.sent).toEqual({ heartbeats: [], sweeps: 0 });
  });

  it('extends the leases of runs and of unwritten outcomes, and aborts the runs whose lease is gone', async () => {
    const f = started(fixture({ held: (ids) => ids.filter((id) => id !== 'b') }), 30);
    await f.keeper.runDue();
    const a = fakeRun(fakeStep('a'));
    const b = fakeRun(fakeStep('b'));
    f.runs.add(a);
    f.runs.add(b);
    f.outcomes.add({
      stepId: 'c',
      attempt: 1,
      step: undefined,
      outcome: { kind: 'complete', result: '1', durationMs: 1 },
    });
    await waitFor(() => f.hooks.kicks > 1, { what: 'heartbeat due' });
    await f.keeper.runDue();
    expect(f.sent.heartbeats).toEqual([['a', 'b', 'c']]);
    expect([a.aborts, b.aborts]).toEqual([[], ['lease_lost']]);
  });

  it('leaves alone a run added while its heartbeat was under way', async () => {
    const late = fakeRun(fakeStep('late'));
    const added: { runs: InFlightRuns | undefined } = { runs: undefined };
    const f = started(
      fixture({
        held: (ids) => {
          added.runs?.add(late);
          return [...ids];
        },
      }),
      30,
    );
    added.runs = f.runs;
    await f.keeper.runDue();
    f.runs.add(fakeRun(fakeStep('a')));
    await waitFor(() => f.hooks.kicks > 1, { what: 'heartbeat due' });
    await f.keeper.runDue();
    expect(f.sent.heartbeats[0]).toEqual(['a']);
    expect(late.aborts).toEqual([]);
  });

  it('sends no heartbeat when it holds nothing', async () => {
    const f = started(fixture(), 30);
    await f.keeper.runDue();
    await waitFor(() => f.hooks.kicks > 1, { what: 'heartbeat due' });
    await f.keeper.runDue();
    expect(f.sent.heartbeats).toEqual([]);
  });

  it('publishes what a sweep recovered, logs it and wakes the worker', async () => {
    const taskFailed: CycleRow = {
      kind: 'task',
      step_id: null,
      task_id: 'task-of-s2',
      status: 'error',
      attempt: null,
      named_task_id: 7,
      step_name: null,
      error: { message: 'Lease expired', code: 'LEASE_EXPIRED', type: 'LeaseExpiredError' },
    };
    const f = started(
      fixture({
        swept: () => [
          sweptStep('s1', 'waiting_for_retry'),
          sweptStep('s2', 'error'),
          sweptStep('s3', 'error', 99),
          taskFailed,
        ],
      }),
      60_000,
    );
    await f.keeper.runDue();
    expect(f.events.map(([name, payload]) => [name, payload.stepId ?? payload.taskId, payload.retryInMs])).toEqual([
      ['step.retry_scheduled', 's1', 40],
      ['step.failed', 's2', undefined],
      ['task.failed', 'task-of-s2', undefined],
    ]);
    expect(f.logger.lines).toEqual([
      { level: 'warn', fields: { steps: 3 }, message: 'Recovered steps whose lease expired' },
    ]);
    expect(f.hooks.wakes).toBe(1);
  });

  it('sweeps again at once after a full batch, and wakes nobody when nothing expired', async () => {
    let batches = 0;
    const full = (): CycleRow[] =>
      Array.from({ length: SWEEP_BATCH }, (_, i) => sweptStep(`s${i}`, 'waiting_for_retry'));
    const f = started(fixture({ swept: () => (++batches === 1 ? full() : []) }), 60_000);
    await f.keeper.runDue();
    await f.keeper.runDue();
    await f.keeper.runDue();
    expect([f.sent.sweeps, f.hooks.wakes]).toEqual([2, 1]);
  });

  it('stops sweeping while it keeps heart-beating', async () => {
    const f = started(fixture(), 30);
    f.keeper.stopSweeping();
    await f.keeper.runDue(); // whatever fell due before
    const sweeps = f.sent.sweeps;
    f.runs.add(fakeRun(fakeStep('a')));
    const kicks = f.hooks.kicks;
    await waitFor(() => f.hooks.kicks > kicks, { what: 'heartbeat due' });
    await f.keeper.runDue();
    expect([f.sent.heartbeats.at(-1), f.sent.sweeps]).toEqual([['a'], sweeps]);
  });
});
