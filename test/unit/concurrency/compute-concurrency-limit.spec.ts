import { computeConcurrencyLimit } from '../../../lib/concurrency/compute-concurrency-limit';
import { clampConcurrency } from '../../../lib/concurrency/concurrency-bounds';
import { ConcurrencyMeasurementError } from '../../../lib/concurrency/concurrency-measurement.error';
import type { LoadCounts } from '../../../lib/concurrency/system-load';

const DEFAULTS = { min: 3, max: 12 };

function load(tasks: [number, number, number], steps: [number, number, number]): LoadCounts {
  return {
    totalTasks: tasks[0],
    pendingTasks: tasks[1],
    inProgressTasks: tasks[2],
    totalSteps: steps[0],
    pendingSteps: steps[1],
    inProgressSteps: steps[2],
  };
}

describe('computeConcurrencyLimit', () => {
  describe("the worked examples of the original's dynamic-concurrency spec", () => {
    // pool size/busy (free = size − busy), tasks total/pending/in_progress, steps total/pending/in_progress,
    // then pool figure, combined load, load figure and the limit. The pool figure differs from the
    // original's C_pool on purpose: rows 1–3 apply the 60 % rule at low pressure too (original: 12), and
    // row 4 shows the figure before the clamp (original: 3 after its own clamp). The limits are the original's.
    it.each<
      [string, [number, number], [number, number, number], [number, number, number], number, number, number, number]
    >([
      ['row 1', [20, 2], [10, 2, 3], [40, 8, 12], 10, 0.5, 8, 8],
      ['row 2', [20, 2], [50, 15, 20], [200, 60, 80], 10, 0.7, 4, 4],
      ['row 3', [20, 2], [100, 30, 50], [400, 120, 200], 10, 0.8, 4, 4],
      ['row 4', [5, 4], [10, 2, 3], [40, 8, 12], 0, 0.5, 8, 3],
    ])('%s', (_row, [size, busy], tasks, steps, poolFigure, combined, loadFigure, limit) => {
      const result = computeConcurrencyLimit({ pool: { size, busy }, load: load(tasks, steps) }, DEFAULTS);
      expect(result.pool?.figure).toBe(poolFigure);
      expect(result.load.combined).toBe(combined);
      expect(result.load.figure).toBe(loadFigure);
      expect(result.limit).toBe(limit);
    });

    it('row 4 is a high-pressure pool (utilisation 0.8) with one free connection', () => {
      const result = computeConcurrencyLimit(
        { pool: { size: 5, busy: 4 }, load: load([10, 2, 3], [40, 8, 12]) },
        DEFAULTS,
      );
      expect(result.pool).toMatchObject({ utilization: 0.8, pressure: 'high', available: 1, maxSafe: 0 });
    });
  });

  it('should take the pool figure when it is the smaller', () => {
    // default poolSize 10, idle, no load: the pool allows 6, the load 12
    const result = computeConcurrencyLimit({ pool: { size: 10, busy: 0 }, load: load([0, 0, 0], [0, 0, 0]) }, DEFAULTS);
    expect([result.pool?.figure, result.load.figure, result.unclamped, result.limit]).toEqual([6, 12, 6, 6]);
  });

  it('should take the load figure when it is the smaller', () => {
    const result = computeConcurrencyLimit(
      { pool: { size: 40, busy: 0 }, load: load([10, 10, 0], [10, 5, 5]) },
      DEFAULTS,
    );
    expect([result.pool?.figure, result.load.figure, result.limit]).toEqual([12, 4, 4]);
  });

  it('should give max when neither constrains', () => {
    expect(
      computeConcurrencyLimit({ pool: { size: 40, busy: 1 }, load: load([100, 1, 1], [400, 2, 2]) }, DEFAULTS).limit,
    ).toBe(12);
  });

  it('should ignore the pool when it does not constrain (embedded database)', () => {
    const idle = computeConcurrencyLimit({ pool: undefined, load: load([0, 0, 0], [0, 0, 0]) }, DEFAULTS);
    expect([idle.pool, idle.unclamped, idle.limit]).toEqual([undefined, 12, 12]);
    expect(computeConcurrencyLimit({ pool: undefined, load: load([10, 2, 3], [40, 8, 12]) }, DEFAULTS).limit).toBe(8);
  });

  describe('clamp', () => {
    it('should raise a figure below min to min (min always wins)', () => {
      const result = computeConcurrencyLimit(
        { pool: { size: 10, busy: 9 }, load: load([0, 0, 0], [0, 0, 0]) },
        DEFAULTS,
      );
      expect([result.unclamped, result.limit]).toEqual([0, 3]);
    });

    it('should cap at max', () => {
      expect(
        computeConcurrencyLimit({ pool: undefined, load: load([0, 0, 0], [0, 0, 0]) }, { min: 1, max: 2 }).limit,
      ).toBe(2);
    });

    it('should let min win when min > max, and when the high-load tier (min + 1) passes max', () => {
      expect(clampConcurrency(7, { min: 5, max: 4 })).toBe(5);
      const busy = computeConcurrencyLimit({ pool: undefined, load: load([1, 1, 0], [1, 1, 0]) }, { min: 4, max: 4 });
      expect([busy.load.figure, busy.limit]).toEqual([5, 4]);
    });
  });

  it('should reject bad inputs and bounds (the provider turns this into min)', () => {
    expect(() =>
      computeConcurrencyLimit({ pool: { size: 10, busy: Number.NaN }, load: load([0, 0, 0], [0, 0, 0]) }, DEFAULTS),
    ).toThrow(ConcurrencyMeasurementError);
    expect(() =>
      computeConcurrencyLimit({ pool: undefined, load: load([0, 0, 0], [0, 0, 0]) }, { min: 0, max: 12 }),
    ).toThrow(ConcurrencyMeasurementError);
  });
});
