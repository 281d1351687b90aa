import {
  systemLoadFigure,
  systemLoadTier,
  systemLoadTierLimit,
  type LoadCounts,
  type SystemLoadTier,
} from '../../../lib/concurrency/system-load';
import { ConcurrencyMeasurementError } from '../../../lib/concurrency/concurrency-measurement.error';

const DEFAULTS = { min: 3, max: 12 };

function counts(tasks: [number, number, number], steps: [number, number, number]): LoadCounts {
  return {
    totalTasks: tasks[0],
    pendingTasks: tasks[1],
    inProgressTasks: tasks[2],
    totalSteps: steps[0],
    pendingSteps: steps[1],
    inProgressSteps: steps[2],
  };
}

describe('system load', () => {
  describe('systemLoadTier', () => {
    it.each<[number, SystemLoadTier]>([
      [0, 'low'],
      [0.3, 'low'],
      [0.300001, 'moderate'],
      [0.5, 'moderate'],
      [0.6, 'moderate'],
      [0.600001, 'high'],
      [1, 'high'],
    ])('should put combined load %p in tier %p', (combined, tier) => {
      expect(systemLoadTier(combined)).toBe(tier);
    });
  });

  describe('systemLoadTierLimit', () => {
    it('should give max, round((max − min) × 0.6 + min) and min + 1 with the defaults', () => {
      expect(['low', 'moderate', 'high'].map((tier) => systemLoadTierLimit(tier as SystemLoadTier, DEFAULTS))).toEqual([
        12, 8, 4,
      ]);
    });

    it('should follow other bounds', () => {
      expect(
        ['low', 'moderate', 'high'].map((tier) => systemLoadTierLimit(tier as SystemLoadTier, { min: 2, max: 20 })),
      ).toEqual([20, 13, 3]);
    });
  });

  describe('systemLoadFigure', () => {
    it('should weight the task load 0.3 and the step load 0.7', () => {
      const onlyTasks = systemLoadFigure(counts([10, 10, 0], [10, 0, 0]), DEFAULTS);
      expect(onlyTasks).toMatchObject({ taskLoad: 1, stepLoad: 0, combined: 0.3, tier: 'low', figure: 12 });
      const onlySteps = systemLoadFigure(counts([10, 0, 0], [10, 5, 5]), DEFAULTS);
      expect(onlySteps).toMatchObject({ taskLoad: 0, stepLoad: 1, combined: 0.7, tier: 'high', figure: 4 });
    });

    it('should land exactly on the tier bounds despite binary rounding', () => {
      // 0.3 × 0.3 + 0.7 × 0.3 is 0.30000000000000004 in floating point
      expect(systemLoadFigure(counts([10, 3, 0], [10, 0, 3]), DEFAULTS)).toMatchObject({
        combined: 0.3,
        tier: 'low',
        figure: 12,
      });
      expect(systemLoadFigure(counts([10, 6, 0], [10, 3, 3]), DEFAULTS)).toMatchObject({
        combined: 0.6,
        tier: 'moderate',
        figure: 8,
      });
    });

    it('should see an empty or idle database as unloaded (the original measured 1.0 → min + 1)', () => {
      expect(systemLoadFigure(counts([0, 0, 0], [0, 0, 0]), DEFAULTS)).toMatchObject({
        combined: 0,
        tier: 'low',
        figure: 12,
      });
      expect(systemLoadFigure(counts([2, 0, 0], [2, 0, 0]), DEFAULTS)).toMatchObject({ combined: 0, figure: 12 });
    });

    it('should fade to max as finished history accumulates (kept from the original, documented)', () => {
      // 500 tasks / 2000 steps waiting is a real backlog, but against 100 000 finished rows it is "low".
      expect(systemLoadFigure(counts([100_500, 400, 100], [402_000, 1500, 500]), DEFAULTS)).toMatchObject({
        tier: 'low',
        figure: 12,
      });
    });

    it('should reject counts that are not non-negative numbers', () => {
      expect(() => systemLoadFigure(counts([10, -1, 0], [10, 0, 0]), DEFAULTS)).toThrow(ConcurrencyMeasurementError);
      expect(() => systemLoadFigure(counts([10, 0, 0], [Number.NaN, 0, 0]), DEFAULTS)).toThrow(
        ConcurrencyMeasurementError,
      );
    });
  });
});
