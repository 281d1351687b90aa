import { expect } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { TaskerConfigurationError, TaskerModule, type TaskerModuleOptions } from '../../../lib';
import { resolveTaskerOptions } from '../../../lib/resolve-tasker-options';

const URL = 'postgres://app@db/app';

/** What `resolveTaskerOptions(options)` threw; fails the test when it did not throw. */
function refusal(options: unknown): TaskerConfigurationError {
  try {
    resolveTaskerOptions(options as TaskerModuleOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(TaskerConfigurationError);
    return error as TaskerConfigurationError;
  }
  throw new Error(`resolveTaskerOptions accepted ${JSON.stringify(options)}`);
}

describe('resolveTaskerOptions: strict checks at boot', () => {
  describe('unknown option names', () => {
    it.each<[string, unknown, string]>([
      ['a misspelt nested name', { concurrency: { maxx: 5 } }, 'concurrency.maxx'],
      ['a misspelt group', { workers: { pollIntervalMs: 100 } }, 'workers'],
      ['a misspelt leaf with the wrong case', { database: { poolsize: 4 } }, 'database.poolsize'],
    ])('should refuse %s, naming it and what was given', (_, options, option) => {
      const error = refusal(options);

      expect(error.option).toBe(option);
      expect(error.message).toContain(`Invalid Tasker option ${option}: is not a Tasker option (got `);
    });

    it.each<[unknown, string]>([
      [{ concurrency: { maxx: 5 } }, 'concurrency.max'],
      [{ concurrency: { mni: 1 } }, 'concurrency.min'],
      [{ workers: { pollIntervalMs: 100 } }, 'worker'],
      [{ database: { poolsize: 4 } }, 'database.poolSize'],
      [{ concurrency: { pollIntervalMs: 100 } }, 'worker.pollIntervalMs'],
      [{ poolSize: 4 }, 'database.poolSize'],
      [{ limit: { maxContextBytes: 10 } }, 'limits'],
    ])('should suggest the near miss for %j: did you mean `%s`?', (options, suggestion) => {
      expect(refusal(options).message).toContain(`did you mean \`${suggestion}\`?`);
    });

    it('should list the options of the group when nothing is close', () => {
      const error = refusal({ backoff: { strategy: 'exponential' } });

      expect(error.option).toBe('backoff.strategy');
      expect(error.message).toContain('got "exponential"');
      expect(error.message).toContain(
        'the options here are `backoff.baseMs`, `backoff.multiplier`, `backoff.maxMs`, `backoff.jitter`',
      );
    });

    it('should refuse a group that is not an object', () => {
      expect(refusal({ worker: true })).toMatchObject({ option: 'worker' });
      expect(refusal({ concurrency: [1, 2] })).toMatchObject({ option: 'concurrency' });
      expect(refusal({ limits: 'big' }).message).toContain(
        'must be an object of options (maxContextBytes, maxResultBytes), got "big"',
      );
    });

    it('should refuse options that are not an object at all', () => {
      expect(refusal(42)).toMatchObject({ option: '(options)' });
    });

    it('should accept known names set to undefined', () => {
      expect(() =>
        resolveTaskerOptions({ database: { url: URL, poolSize: undefined, schema: undefined }, limits: undefined }),
      ).not.toThrow();
    });
  });

  describe('wrong types', () => {
    it.each<[string, unknown, string]>([
      ['concurrency.max', { concurrency: { max: '12' } }, 'must be a positive integer, got "12"'],
      ['concurrency.min', { concurrency: { min: 2.5 } }, 'must be a positive integer, got 2.5'],
      ['database.connectTimeoutMs', { database: { connectTimeoutMs: 0 } }, 'must be a positive integer, got 0'],
      ['limits.maxContextBytes', { limits: { maxContextBytes: -1 } }, 'must be a positive integer, got -1'],
      ['limits.maxResultBytes', { limits: { maxResultBytes: '1MB' } }, 'must be a positive integer, got "1MB"'],
      ['worker.enabled', { worker: { enabled: 'yes' } }, 'must be true or false, got "yes"'],
    ])('should refuse %s in %j, saying what was given', (option, options, detail) => {
      const error = refusal(options);

      expect(error.option).toBe(option);
      expect(error.message).toBe(`Invalid Tasker option ${option}: ${detail}`);
    });
  });

  describe('database.poolSize', () => {
    it('should refuse a pool of 1, which would hang the boot on the migration lock', () => {
      const error = refusal({ database: { url: URL, poolSize: 1 } });

      expect(error.option).toBe('database.poolSize');
      expect(error.message).toContain('must be at least 2, got 1');
      expect(error.message).toContain('lock');
    });

    it('should default a PostgreSQL pool to the smallest that reaches concurrency.max, at least 10', () => {
      expect(resolveTaskerOptions({ database: { url: URL } }).database.poolSize).toBe(20); // max 12 by default
      expect(resolveTaskerOptions({ database: { url: URL }, concurrency: { max: 3 } }).database.poolSize).toBe(10);
      expect(resolveTaskerOptions({ database: { url: URL }, concurrency: { max: 30 } }).database.poolSize).toBe(50);
      expect(resolveTaskerOptions({ database: { url: URL }, concurrency: { max: 7 } }).database.poolSize).toBe(12);
    });

    it('should keep the nominal default of 10 for the embedded database, which has no pool', () => {
      expect(resolveTaskerOptions({ concurrency: { max: 30 } }).database.poolSize).toBe(10);
    });
  });

  describe('concurrency and the pool', () => {
    it('should refuse min above max, naming concurrency.min and both values', () => {
      const error = refusal({ concurrency: { min: 20, max: 3 } });

      expect(error.option).toBe('concurrency.min');
      expect(error.message).toContain('must not exceed concurrency.max, got min 20 and max 3');
    });

    it('should refuse a min above the default max, saying the max is the default', () => {
      expect(refusal({ concurrency: { min: 20 } }).message).toContain(
        'must not exceed concurrency.max (12 by default), got min 20 and max 12',
      );
    });

    it('should lower a default min to a given max below it', () => {
      expect(resolveTaskerOptions({ concurrency: { max: 2 } }).concurrency).toMatchObject({ min: 2, max: 2 });
    });

    it('should refuse a max that a given pool cannot reach, naming the pool size that would', () => {
      const error = refusal({ database: { url: URL, poolSize: 10 }, concurrency: { max: 12 } });

      expect(error.option).toBe('concurrency.max');
      expect(error.message).toContain('12 cannot be reached with database.poolSize 10');
      expect(error.message).toContain('at least 20');
    });

    it('should refuse a min above what a given pool allows', () => {
      const error = refusal({ database: { url: URL, poolSize: 10 }, concurrency: { min: 8 } });

      expect(error.option).toBe('concurrency.min');
      expect(error.message).toContain('8 exceeds what database.poolSize 10 allows (6');
      expect(error.message).toContain('at least 14');
    });

    it('should accept a given pool and max that fit, and lower the default min to a small pool', () => {
      expect(
        resolveTaskerOptions({ database: { url: URL, poolSize: 20 }, concurrency: { max: 12 } }).concurrency.max,
      ).toBe(12);
      expect(resolveTaskerOptions({ database: { url: URL, poolSize: 4 } }).concurrency).toMatchObject({
        min: 2,
        max: 12,
      });
    });

    it('should not hold the embedded database to a pool it does not use', () => {
      expect(
        resolveTaskerOptions({ database: { poolSize: 4 }, concurrency: { min: 8, max: 12 } }).concurrency,
      ).toMatchObject({ min: 8, max: 12 });
    });
  });
});

describe('TaskerModule.forRootAsync: the same checks, at boot', () => {
  it('should fail the boot with a TaskerConfigurationError when the factory returns a typo', async () => {
    const module = Test.createTestingModule({
      imports: [TaskerModule.forRootAsync({ useFactory: () => ({ concurrency: { maxx: 5 } }) as TaskerModuleOptions })],
    });

    await expect(module.compile()).rejects.toMatchObject({
      name: 'TaskerConfigurationError',
      option: 'concurrency.maxx',
      message: expect.stringContaining('did you mean `concurrency.max`?'),
    });
  });

  it('should fail the boot when the factory returns min above max', async () => {
    const module = Test.createTestingModule({
      imports: [TaskerModule.forRootAsync({ useFactory: () => Promise.resolve({ concurrency: { min: 20, max: 3 } }) })],
    });

    await expect(module.compile()).rejects.toMatchObject({ option: 'concurrency.min' });
  });
});
