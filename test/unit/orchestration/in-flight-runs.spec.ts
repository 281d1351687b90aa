import { InFlightRuns } from '../../../lib/orchestration/in-flight-runs';
import { fakeRun, fakeStep } from './worker-fakes';

describe('InFlightRuns', () => {
  it('keeps runs by step id until they are removed', () => {
    const runs = new InFlightRuns();
    runs.add(fakeRun(fakeStep('a')));
    runs.add(fakeRun(fakeStep('b')));
    expect([runs.size, [...runs.stepIds()]]).toEqual([2, ['a', 'b']]);
    runs.remove('a');
    expect([runs.size, [...runs.stepIds()]]).toEqual([1, ['b']]);
  });

  it("aborts one step's run, or every run of one task", () => {
    const runs = new InFlightRuns();
    const [a, b, c] = [fakeRun(fakeStep('a', 't1')), fakeRun(fakeStep('b', 't2')), fakeRun(fakeStep('c', 't1'))];
    for (const run of [a, b, c]) runs.add(run);
    runs.abortTask('t1', 'cancelled');
    runs.abort('b', 'lease_lost');
    runs.abort('unknown', 'lease_lost');
    expect([a.aborts, b.aborts, c.aborts]).toEqual([['cancelled'], ['lease_lost'], ['cancelled']]);
  });

  it('drains without aborting when every run settles in time', async () => {
    const runs = new InFlightRuns();
    const a = fakeRun(fakeStep('a'));
    runs.add(a);
    void a.done.then(() => runs.remove('a'));
    const drained = runs.drain(60_000, 'shutdown');
    a.settle({ kind: 'complete', result: '1', durationMs: 1 });
    await drained;
    expect([runs.size, a.aborts]).toEqual([0, []]);
  });

  it('aborts the runs still in flight when the drain times out, and waits for them to settle', async () => {
    const runs = new InFlightRuns();
    const [quick, stuck] = [fakeRun(fakeStep('quick')), fakeRun(fakeStep('stuck'))];
    for (const run of [quick, stuck]) {
      runs.add(run);
      void run.done.then(() => runs.remove(run.step.stepId));
    }
    quick.settle({ kind: 'complete', result: '1', durationMs: 1 });
    await runs.drain(20, 'shutdown');
    expect([quick.aborts, stuck.aborts, runs.size]).toEqual([[], ['shutdown'], 0]);
  });

  it('drains at once when nothing runs', async () => {
    await expect(new InFlightRuns().drain(60_000, 'shutdown')).resolves.toBeUndefined();
  });
});
