import { editDistance } from '../../../lib/options/edit-distance';
import { poolCapacity, poolSizeReaching } from '../../../lib/concurrency/pool-capacity';

describe('editDistance', () => {
  it.each<[string, string, number]>([
    ['max', 'max', 0],
    ['maxx', 'max', 1],
    ['mxa', 'max', 1],
    ['Max', 'max', 0],
    ['workers', 'worker', 1],
    ['poolsize', 'poolSize', 0],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('should count %j → %j as %d edits', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('pool capacity (60 % of the pool)', () => {
  it.each<[number, number]>([
    [2, 1],
    [4, 2],
    [10, 6],
    [20, 12],
  ])('a pool of %d reaches %d', (poolSize, capacity) => {
    expect(poolCapacity(poolSize)).toBe(capacity);
  });

  it('should give the smallest pool that reaches each limit from 1 to 200', () => {
    for (let limit = 1; limit <= 200; limit++) {
      const size = poolSizeReaching(limit);
      expect(poolCapacity(size)).toBeGreaterThanOrEqual(limit);
      expect(size === 1 || poolCapacity(size - 1) < limit).toBe(true);
    }
    expect(poolSizeReaching(12)).toBe(20);
  });
});
