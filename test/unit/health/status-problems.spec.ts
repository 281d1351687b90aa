import { raceTimeout } from '../../../lib/health/race-timeout';
import { MAX_ERROR_RATE_PERCENT, MAX_POOL_UTILIZATION, statusProblems } from '../../../lib/health/status-problems';

describe('statusProblems', () => {
  const healthy = { poolUtilization: 0.5, taskErrorRate: 10, stepErrorRate: 5 };

  it('should find nothing wrong up to the thresholds', () => {
    expect(statusProblems(healthy)).toEqual([]);
    expect(
      statusProblems({
        poolUtilization: MAX_POOL_UTILIZATION,
        taskErrorRate: MAX_ERROR_RATE_PERCENT,
        stepErrorRate: 50,
      }),
    ).toEqual([]);
    expect(statusProblems({ ...healthy, poolUtilization: null })).toEqual([]);
  });

  it('should name each threshold passed', () => {
    expect(statusProblems({ ...healthy, poolUtilization: 0.95 })).toEqual(['database pool 95% in use, over 90%']);
    expect(statusProblems({ ...healthy, taskErrorRate: 66.67 })).toEqual([
      '66.67% of the tasks finished in the last hour failed, over 50%',
    ]);
    expect(statusProblems({ poolUtilization: 1, taskErrorRate: 100, stepErrorRate: 75 })).toHaveLength(3);
  });
});

describe('raceTimeout', () => {
  it('should give the value when the work finishes first', async () => {
    await expect(raceTimeout(Promise.resolve(7), 1000)).resolves.toEqual({ value: 7 });
  });

  it('should pass the work failure on', async () => {
    await expect(raceTimeout(Promise.reject(new Error('down')), 1000)).rejects.toThrow('down');
  });

  it('should say when time ran out, and swallow a later failure of the work', async () => {
    jest.useFakeTimers();
    try {
      let fail: (error: Error) => void = () => undefined;
      const work = new Promise<number>((_, reject) => (fail = reject));
      const raced = raceTimeout(work, 3000);

      jest.advanceTimersByTime(3000);

      await expect(raced).resolves.toEqual({ timedOut: true });
      fail(new Error('too late'));
      await expect(work).rejects.toThrow('too late');
    } finally {
      jest.useRealTimers();
    }
  });
});
