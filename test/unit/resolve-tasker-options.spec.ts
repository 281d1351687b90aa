import { expect } from '@jest/globals';
import { TaskerConfigurationError, type TaskerModuleOptions } from '../../lib';
import { resolveTaskerOptions } from '../../lib/resolve-tasker-options';

/** What `resolveTaskerOptions(options)` threw, or undefined. */
function thrownBy(options: unknown): unknown {
  try {
    resolveTaskerOptions(options as TaskerModuleOptions);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('resolveTaskerOptions', () => {
  describe('defaults', () => {
    it('should apply the default of every option when given no options', () => {
      const resolved = resolveTaskerOptions();

      expect(resolved).toMatchObject({
        database: { url: undefined, dataDir: undefined, poolSize: 10, schema: 'tasker' },
        migrationsRun: true,
        worker: { enabled: true, pollIntervalMs: 1000, leaseMs: 30_000, shutdownTimeoutMs: 10_000 },
        concurrency: { min: 3, max: 12, cacheTtlMs: 30_000 },
        backoff: { baseMs: 1000, multiplier: 2, maxMs: 300_000, jitter: 0.1 },
        templates: [],
        http: { enabled: true, path: 'tasker', authorize: undefined },
      });
      expect(resolveTaskerOptions({})).toEqual(resolved);
    });

    it('should hand out fresh objects, so one app cannot change another app’s options', () => {
      const first = resolveTaskerOptions();
      first.templates.push('mutated.yaml');
      first.worker.enabled = false;

      const second = resolveTaskerOptions();

      expect(second.templates).toEqual([]);
      expect(second.worker.enabled).toBe(true);
    });
  });

  describe('merging', () => {
    it('should merge nested objects field by field, keeping the other defaults', () => {
      const resolved = resolveTaskerOptions({
        worker: { pollIntervalMs: 100 },
        database: { schema: 'jobs' },
        backoff: { maxMs: 5000 },
      });

      expect(resolved.worker).toMatchObject({
        enabled: true,
        pollIntervalMs: 100,
        leaseMs: 30_000,
        shutdownTimeoutMs: 10_000,
      });
      expect(resolved.database).toMatchObject({ schema: 'jobs', poolSize: 10, url: undefined });
      expect(resolved.backoff).toEqual({ baseMs: 1000, multiplier: 2, maxMs: 5000, jitter: 0.1 });
      expect(resolved.concurrency).toEqual({ min: 3, max: 12, cacheTtlMs: 30_000 });
    });

    it('should keep falsy values that are set, and ignore fields set to undefined', () => {
      const resolved = resolveTaskerOptions({
        migrationsRun: false,
        worker: { enabled: false, shutdownTimeoutMs: 0, pollIntervalMs: undefined },
        backoff: { jitter: 0, baseMs: 0 },
        concurrency: { cacheTtlMs: 0 },
        http: { enabled: false },
      });

      expect(resolved.migrationsRun).toBe(false);
      expect(resolved.worker).toMatchObject({ enabled: false, shutdownTimeoutMs: 0, pollIntervalMs: 1000 });
      expect(resolved.backoff).toMatchObject({ jitter: 0, baseMs: 0 });
      expect(resolved.concurrency.cacheTtlMs).toBe(0);
      expect(resolved.http).toMatchObject({ enabled: false, path: 'tasker' });
    });

    it('should keep the database url, data directory and authorize callback as given', () => {
      const authorize = () => true;
      const resolved = resolveTaskerOptions({
        database: { url: 'postgres://app@db/app', dataDir: '/var/lib/tasker', poolSize: 4 },
        http: { authorize },
      });

      expect(resolved.database).toEqual({
        url: 'postgres://app@db/app',
        dataDir: '/var/lib/tasker',
        poolSize: 4,
        schema: 'tasker',
      });
      expect(resolved.http.authorize).toBe(authorize);
    });

    it('should refuse concurrency.min above concurrency.max (min would win the clamp and ignore max)', () => {
      expect(thrownBy({ concurrency: { min: 20, max: 5 } })).toMatchObject({
        option: 'concurrency.min',
        code: 'TASKER_CONFIGURATION',
      });
    });
  });

  describe('templates', () => {
    it('should turn one path into a list', () => {
      expect(resolveTaskerOptions({ templates: 'tasks/order.yaml' }).templates).toEqual(['tasks/order.yaml']);
    });

    it('should keep a list of paths, as a copy', () => {
      const templates = ['tasks', 'more/flow.yaml'];
      const resolved = resolveTaskerOptions({ templates });

      expect(resolved.templates).toEqual(['tasks', 'more/flow.yaml']);
      expect(resolved.templates).not.toBe(templates);
    });
  });

  describe('invalid values', () => {
    it.each<[string, unknown]>([
      ['database.schema', { database: { schema: 'Tasker-Jobs' } }],
      ['database.schema', { database: { schema: '' } }],
      ['database.poolSize', { database: { poolSize: 0 } }],
      ['database.poolSize', { database: { poolSize: 2.5 } }],
      ['database.poolSize', { database: { poolSize: '10' } }],
      ['worker.pollIntervalMs', { worker: { pollIntervalMs: 0 } }],
      ['worker.leaseMs', { worker: { leaseMs: -1 } }],
      ['worker.shutdownTimeoutMs', { worker: { shutdownTimeoutMs: -1 } }],
      ['concurrency.min', { concurrency: { min: 0 } }],
      ['concurrency.max', { concurrency: { max: Number.NaN } }],
      ['concurrency.cacheTtlMs', { concurrency: { cacheTtlMs: 1.5 } }],
      ['backoff.baseMs', { backoff: { baseMs: -1 } }],
      ['backoff.multiplier', { backoff: { multiplier: 0.5 } }],
      ['backoff.maxMs', { backoff: { maxMs: Number.POSITIVE_INFINITY } }],
      ['backoff.jitter', { backoff: { jitter: 1.5 } }],
      ['backoff.jitter', { backoff: { jitter: '0.1' } }],
      ['templates', { templates: '' }],
      ['templates', { templates: ['tasks', ''] }],
      ['templates', { templates: [42] }],
    ])('should reject %s in %j with a TaskerConfigurationError naming it', (option, options) => {
      const error = thrownBy(options);

      expect(error).toBeInstanceOf(TaskerConfigurationError);
      expect(error).toMatchObject({ option, code: 'TASKER_CONFIGURATION', name: 'TaskerConfigurationError' });
      expect((error as Error).message).toContain(`Invalid Tasker option ${option}:`);
    });
  });
});

describe('resolveTaskerOptions: kinds of values', () => {
  it.each([
    ['migrationsRun', { migrationsRun: 'yes' }],
    ['worker.enabled', { worker: { enabled: 1 } }],
    ['worker.autoStart', { worker: { autoStart: 'no' } }],
    ['http.enabled', { http: { enabled: null } }],
    ['database.url', { database: { url: '' } }],
    ['database.dataDir', { database: { dataDir: 42 } }],
    ['http.path', { http: { path: 'a b' } }],
    ['http.authorize', { http: { authorize: true } }],
  ])('refuses a bad %s', (option, options) => {
    expect(() => resolveTaskerOptions(options as never)).toThrow(expect.objectContaining({ option }));
  });
});
