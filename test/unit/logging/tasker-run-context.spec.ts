import { currentTaskerContext, runInTaskerContext } from '../../../lib/logging/tasker-run-context';
import { logLine } from '../../../lib/logging/log-line';

const RUN = { correlationId: 'corr-7', taskId: 't-1', stepName: 'charge', attempt: 2 };

describe('the step run context', () => {
  it('is undefined outside a run and holds across awaits inside one', async () => {
    expect(currentTaskerContext()).toBeUndefined();
    const seen = await runInTaskerContext(RUN, async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return currentTaskerContext();
    });
    expect(seen).toEqual(RUN);
    expect(currentTaskerContext()).toBeUndefined();
  });

  it("adds the run's fields to a log line after its own, never over them", () => {
    const line = runInTaskerContext(RUN, () => logLine('charged', { amount: 5, attempt: 9 }));
    expect({ ...line }).toEqual({
      amount: 5,
      attempt: 9,
      correlationId: 'corr-7',
      taskId: 't-1',
      stepName: 'charge',
      msg: 'charged',
    });
    expect(line.toString()).toBe('charged amount=5 attempt=9 correlationId=corr-7 taskId=t-1 stepName=charge');
  });

  it('leaves a line written outside a run as it is', () => {
    expect(logLine('idle', { workerId: 'w' }).toString()).toBe('idle workerId=w');
  });
});
