import {
  MAX_SAFE_CONNECTION_SHARE,
  POOL_PRESSURE_FACTORS,
  poolPressureFigure,
  poolPressureLevel,
  poolUtilization,
  type PoolPressureLevel,
} from '../../../lib/concurrency/pool-pressure';
import { ConcurrencyMeasurementError } from '../../../lib/concurrency/concurrency-measurement.error';

const DEFAULTS = { min: 3, max: 12 };

describe('pool pressure', () => {
  describe('poolUtilization', () => {
    it('should round busy / size to 3 decimals, like the original', () => {
      expect(poolUtilization({ size: 7, busy: 2 })).toBe(0.286);
      expect(poolUtilization({ size: 10, busy: 2 })).toBe(0.2);
    });

    it('should be 0 for an empty pool', () => {
      expect(poolUtilization({ size: 0, busy: 0 })).toBe(0);
    });

    it('should reject figures that are not counts', () => {
      expect(() => poolUtilization({ size: Number.NaN, busy: 0 })).toThrow(ConcurrencyMeasurementError);
      expect(() => poolUtilization({ size: 10, busy: -1 })).toThrow(ConcurrencyMeasurementError);
    });
  });

  describe('poolPressureLevel', () => {
    it.each<[number, PoolPressureLevel]>([
      [0, 'low'],
      [0.2, 'low'],
      [0.5, 'low'],
      [0.501, 'moderate'],
      [0.6, 'moderate'],
      [0.7, 'moderate'],
      [0.701, 'high'],
      [0.8, 'high'],
      [0.85, 'high'],
      [0.851, 'critical'],
      [0.9, 'critical'],
      [1.5, 'critical'],
    ])('should map utilisation %p to %p (inclusive upper bounds)', (utilization, level) => {
      expect(poolPressureLevel(utilization)).toBe(level);
    });

    it('should reject a negative or non-finite utilisation', () => {
      expect(() => poolPressureLevel(-0.1)).toThrow(ConcurrencyMeasurementError);
      expect(() => poolPressureLevel(Number.NaN)).toThrow(ConcurrencyMeasurementError);
    });
  });

  describe('poolPressureFigure', () => {
    // size/busy → level, free connections, base recommendation, 60 % cap, figure (min 3, max 12)
    it.each<[string, number, number, PoolPressureLevel, number, number, number, number]>([
      ['low, the 60 % rule binds (the original gave 12)', 20, 2, 'low', 18, 12, 10, 10],
      ['low, max binds', 40, 0, 'low', 40, 12, 24, 12],
      ['low, small pool (the default poolSize 10, idle)', 10, 0, 'low', 10, 8, 6, 6],
      ['moderate, raised to min then capped at 60 %', 10, 6, 'moderate', 4, 3, 2, 2],
      ['moderate, large pool', 100, 60, 'moderate', 40, 12, 24, 12],
      ['high, 0.7 × recommendation', 100, 80, 'high', 20, 8, 12, 5],
      ['high, capped at 60 % of one free connection', 10, 8, 'high', 2, 3, 1, 1],
      ['critical, min when 60 % allows it', 100, 90, 'critical', 10, 3, 6, 3],
      ['critical, 60 % of one connection is 0', 10, 9, 'critical', 1, 3, 0, 0],
    ])('%s: %p/%p', (_label, size, busy, pressure, available, recommended, maxSafe, figure) => {
      const result = poolPressureFigure({ size, busy }, DEFAULTS);
      expect(result).toMatchObject({ pressure, available, recommended, maxSafe, figure });
      expect(result.factor).toBe(POOL_PRESSURE_FACTORS[pressure]);
    });

    it('should use concurrency.max where the original hard-coded 12 and concurrency.min where it used 3', () => {
      // 40 free connections at low pressure: min(40 × 0.8, max) is capped by max, whatever it is.
      expect(poolPressureFigure({ size: 100, busy: 0 }, { min: 2, max: 20 }).recommended).toBe(20);
      // critical: min(min, 60 % of free) follows concurrency.min.
      expect(poolPressureFigure({ size: 100, busy: 90 }, { min: 5, max: 20 }).figure).toBe(5);
      expect(poolPressureFigure({ size: 10, busy: 8 }, { min: 1, max: 20 }).recommended).toBe(1);
    });

    it('should never exceed 60 % of the free connections, at any pressure', () => {
      for (let size = 0; size <= 60; size++) {
        for (let busy = 0; busy <= size + 2; busy++) {
          const result = poolPressureFigure({ size, busy }, DEFAULTS);
          expect(result.figure).toBeLessThanOrEqual(
            Math.floor(Math.max(size - busy, 0) * MAX_SAFE_CONNECTION_SHARE + 1e-9),
          );
          expect(result.figure).toBeGreaterThanOrEqual(0);
        }
      }
    });

    it('should treat more busy than size as no free connections', () => {
      expect(poolPressureFigure({ size: 10, busy: 12 }, DEFAULTS)).toMatchObject({
        pressure: 'critical',
        available: 0,
        figure: 0,
      });
    });
  });
});
