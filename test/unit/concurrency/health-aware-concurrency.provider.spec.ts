import { expect } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { LogLine } from '../../../lib/logging/log-line';
import { Test } from '@nestjs/testing';
import {
  HealthAwareConcurrencyProvider,
  type ConcurrencyMeasurementSource,
} from '../../../lib/concurrency/health-aware-concurrency.provider';
import type { PoolSample } from '../../../lib/concurrency/pool-pressure';
import type { SystemHealthCountsRow } from '../../../lib/concurrency/system-health-counts.query';
import type { ResolvedTaskerOptions } from '../../../lib/interfaces/tasker-module-options.interface';
import { TaskerDatabase } from '../../../lib/persistence/tasker-database';
import { TASKER_DEFAULTS } from '../../../lib/config/tasker.defaults';
import { TASKER_OPTIONS } from '../../../lib/config/tasker.tokens';
import { firstOf } from '../../support/present';

const TTL = 30_000;

interface Load {
  tasks?: [number, number, number];
  steps?: [number, number, number];
}

/** A row as node-postgres returns it: bigint counts as strings. */
function healthRow({ tasks = [0, 0, 0], steps = [0, 0, 0] }: Load = {}): SystemHealthCountsRow {
  const zero = '0';
  return {
    total_tasks: String(tasks[0]),
    pending_tasks: String(tasks[1]),
    in_progress_tasks: String(tasks[2]),
    complete_tasks: zero,
    error_tasks: zero,
    cancelled_tasks: zero,
    resolved_manually_tasks: zero,
    total_steps: String(steps[0]),
    pending_steps: String(steps[1]),
    in_progress_steps: String(steps[2]),
    waiting_for_retry_steps: zero,
    complete_steps: zero,
    error_steps: zero,
    cancelled_steps: zero,
    resolved_manually_steps: zero,
    retryable_error_steps: zero,
    exhausted_retry_steps: zero,
    in_backoff_steps: zero,
    active_connections: '1',
    max_connections: 100,
  };
}

const IDLE = healthRow();
const MODERATE = healthRow({ tasks: [10, 2, 3], steps: [40, 8, 12] }); // combined 0.5 → 8
const HEAVY = healthRow({ tasks: [10, 10, 0], steps: [10, 5, 5] }); // combined 1.0 → 4

class FakeDatabase implements ConcurrencyMeasurementSource {
  readonly schema = 'tasker';
  embedded = false;
  pool: PoolSample | Error = { size: 40, busy: 0, idle: 0, waiting: 0 };
  row: SystemHealthCountsRow | undefined | Error = IDLE;
  readonly queries: string[] = [];
  poolReads = 0;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  poolStats(): PoolSample {
    this.poolReads += 1;
    if (this.pool instanceof Error) throw this.pool;
    return this.pool;
  }

  async query<R = Record<string, unknown>>(text: string): Promise<R[]> {
    this.queries.push(text);
    if (this.gate !== undefined) await this.gate;
    const row = this.row;
    if (row instanceof Error) throw row;
    return (row === undefined ? [] : [row]) as unknown as R[];
  }

  /** Holds the next queries until `release()`. */
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }
}

function options(concurrency: Partial<ResolvedTaskerOptions['concurrency']> = {}): ResolvedTaskerOptions {
  return { ...TASKER_DEFAULTS, concurrency: { ...TASKER_DEFAULTS.concurrency, cacheTtlMs: TTL, ...concurrency } };
}

describe('HealthAwareConcurrencyProvider', () => {
  let database: FakeDatabase;
  let log: jest.SpyInstance<void, unknown[]>;
  let warn: jest.SpyInstance<void, unknown[]>;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'queueMicrotask'] });
    database = new FakeDatabase();
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  async function started(
    settings: Partial<ResolvedTaskerOptions['concurrency']> = {},
  ): Promise<HealthAwareConcurrencyProvider> {
    const provider = new HealthAwareConcurrencyProvider(database, options(settings));
    await provider.onModuleInit();
    return provider;
  }

  it('should not measure at boot in a process whose worker is off', async () => {
    const provider = new HealthAwareConcurrencyProvider(database, {
      ...options(),
      worker: { ...TASKER_DEFAULTS.worker, enabled: false },
    });
    await provider.onModuleInit();
    expect(database.queries).toEqual([]);
    expect(provider.inputs()).toBeUndefined();
  });

  /** The message of a library log call (its one argument is a `LogLine`). */
  function messageOf(call: unknown[]): unknown {
    return (call[0] as LogLine).msg;
  }

  function limitChanges(): unknown[] {
    return log.mock.calls
      .filter((call: unknown[]) => messageOf(call) === 'Concurrency limit changed')
      .map((call: unknown[]) => {
        const { msg: _message, ...fields } = call[0] as LogLine;
        return fields;
      });
  }

  describe('wiring', () => {
    it('should resolve through Nest with TaskerDatabase and the resolved options, and measure in onModuleInit', async () => {
      database.row = MODERATE;
      const module = await Test.createTestingModule({
        providers: [
          HealthAwareConcurrencyProvider,
          { provide: TaskerDatabase, useValue: database },
          { provide: TASKER_OPTIONS, useValue: options() },
        ],
      }).compile();
      await module.init();
      const provider = module.get(HealthAwareConcurrencyProvider);
      expect(provider.currentLimit()).toBe(8);
      expect(database.queries).toEqual(['SELECT * FROM tasker.system_health_counts()']);
      await module.close();
    });
  });

  describe('currentLimit', () => {
    it('should answer min before the first measurement, and start one', async () => {
      const provider = new HealthAwareConcurrencyProvider(database, options());
      expect(provider.currentLimit()).toBe(3);
      expect(provider.currentLimit()).toBe(3);
      expect(database.queries).toHaveLength(1);
      await provider.refresh();
      expect(provider.currentLimit()).toBe(12);
    });

    it('should reuse the measurement for cacheTtlMs without touching the database', async () => {
      const provider = await started();
      database.row = HEAVY;
      jest.advanceTimersByTime(TTL - 1);
      for (let i = 0; i < 100; i++) expect(provider.currentLimit()).toBe(12);
      expect(database.queries).toHaveLength(1);
    });

    it('should answer the stale value once cacheTtlMs passed and start exactly one background refresh', async () => {
      const provider = await started();
      database.row = HEAVY;
      database.hold();
      jest.advanceTimersByTime(TTL);
      for (let i = 0; i < 50; i++) expect(provider.currentLimit()).toBe(12);
      expect(database.queries).toHaveLength(2);
      database.release();
      await provider.refresh(); // joins the refresh in flight
      expect(database.queries).toHaveLength(2);
      expect(provider.currentLimit()).toBe(4);
    });

    it('should follow the load down and back up as the cache expires', async () => {
      const provider = await started();
      for (const [row, limit] of [
        [MODERATE, 8],
        [HEAVY, 4],
        [IDLE, 12],
      ] as const) {
        database.row = row;
        jest.advanceTimersByTime(TTL);
        provider.currentLimit();
        await provider.refresh();
        expect(provider.currentLimit()).toBe(limit);
      }
      expect(database.queries).toHaveLength(4);
    });

    it('should take the smaller of the pool and load figures', async () => {
      database.pool = { size: 10, busy: 0 }; // 60 % of 10 free connections: 6
      const provider = await started();
      expect(provider.currentLimit()).toBe(6);
      database.row = HEAVY;
      jest.advanceTimersByTime(TTL);
      await provider.refresh();
      expect(provider.currentLimit()).toBe(4);
    });

    it('should clamp to min..max last (min wins over a saturated pool)', async () => {
      database.pool = { size: 10, busy: 9 };
      const provider = await started({ min: 2, max: 5 });
      expect(provider.inputs()).toMatchObject({ unclamped: 0, limit: 2 });
      database.pool = { size: 40, busy: 0 };
      await provider.refresh();
      expect(provider.inputs()).toMatchObject({ unclamped: 5, limit: 5 });
    });
  });

  describe('failures', () => {
    it('should fall back to min when the health query fails, warn once per streak and log the recovery', async () => {
      const provider = await started();
      expect(provider.currentLimit()).toBe(12);
      database.row = new Error('connection terminated');
      for (let i = 0; i < 3; i++) {
        jest.advanceTimersByTime(TTL);
        await provider.refresh();
        expect(provider.currentLimit()).toBe(3);
      }
      expect(warn).toHaveBeenCalledTimes(1);
      expect(firstOf(warn.mock.calls)[0]).toMatchObject({ error: 'connection terminated', limit: 3 });
      expect(provider.inputs()).toMatchObject({ limit: 3, error: 'connection terminated', load: undefined });

      database.row = IDLE;
      jest.advanceTimersByTime(TTL);
      await provider.refresh();
      expect(provider.currentLimit()).toBe(12);
      expect(
        log.mock.calls.filter((call: unknown[]) => messageOf(call) === 'Concurrency limit measurement recovered'),
      ).toHaveLength(1);

      database.row = new Error('again');
      await provider.refresh();
      expect(warn).toHaveBeenCalledTimes(2); // a new streak
    });

    it('should keep a failed measurement for cacheTtlMs too (no query per call while the database is down)', async () => {
      database.row = new Error('down');
      const provider = await started();
      for (let i = 0; i < 20; i++) expect(provider.currentLimit()).toBe(3);
      expect(database.queries).toHaveLength(1);
      jest.advanceTimersByTime(TTL);
      provider.currentLimit();
      expect(database.queries).toHaveLength(2);
    });

    it.each<[string, SystemHealthCountsRow | undefined]>([
      ['no row', undefined],
      ['a non-numeric count', { ...IDLE, pending_steps: 'lots' }],
      ['a negative count', { ...IDLE, total_tasks: '-3' }],
    ])('should fall back to min on %s', async (_label, row) => {
      database.row = row;
      const provider = await started();
      expect(provider.currentLimit()).toBe(3);
      expect(provider.inputs()?.error).toEqual(expect.stringContaining('system_health_counts()'));
    });

    it('should fall back to min when the pool cannot be read or reports nonsense', async () => {
      database.pool = new Error('no pool');
      const provider = await started();
      expect(provider.inputs()).toMatchObject({ limit: 3, error: 'no pool' });
      database.pool = { size: 10, busy: Number.NaN };
      jest.advanceTimersByTime(TTL);
      await provider.refresh();
      expect(provider.inputs()).toMatchObject({ limit: 3, error: expect.stringContaining('pool.busy') });
    });

    it('should answer min for the health-query failure of the worked examples (row 5)', async () => {
      database.pool = { size: 20, busy: 2 };
      database.row = new Error('function system_health_counts() does not exist');
      const provider = await started();
      expect(provider.currentLimit()).toBe(3);
    });
  });

  describe('embedded database', () => {
    it('should not read the pool (one session) and use the load figure alone', async () => {
      database.embedded = true;
      database.pool = { size: 1, busy: 1 }; // would be "critical" → min if it were used
      const provider = await started();
      expect(provider.currentLimit()).toBe(12);
      expect(database.poolReads).toBe(0);
      expect(provider.inputs()).toMatchObject({ embedded: true, poolStats: undefined, pool: undefined });
      database.row = MODERATE;
      jest.advanceTimersByTime(TTL);
      await provider.refresh();
      expect(provider.currentLimit()).toBe(8);
    });
  });

  describe('visibility', () => {
    it('should log one structured line per change of limit, with the old and new limit and the inputs', async () => {
      const provider = await started();
      database.row = MODERATE;
      for (let i = 0; i < 2; i++) {
        jest.advanceTimersByTime(TTL);
        await provider.refresh();
      }
      expect(limitChanges()).toEqual([
        expect.objectContaining({ previousLimit: null, limit: 12 }),
        {
          previousLimit: 12,
          limit: 8,
          min: 3,
          max: 12,
          embedded: false,
          pool: { size: 40, busy: 0, utilization: 0, pressure: 'low', maxSafe: 24, figure: 12 },
          load: {
            activeTasks: 5,
            totalTasks: 10,
            activeSteps: 20,
            totalSteps: 40,
            combined: 0.5,
            tier: 'moderate',
            figure: 8,
          },
          error: null,
        },
      ]);
    });

    it('should expose the last measurement through inputs()', async () => {
      const provider = new HealthAwareConcurrencyProvider(database, options());
      expect(provider.inputs()).toBeUndefined();
      database.pool = { size: 20, busy: 2, idle: 1, waiting: 0 };
      database.row = MODERATE;
      await provider.onModuleInit();
      expect(provider.inputs()).toEqual({
        limit: 8,
        measuredAt: Date.parse('2026-01-01T00:00:00Z'),
        bounds: { min: 3, max: 12, cacheTtlMs: TTL },
        embedded: false,
        poolStats: { size: 20, busy: 2, idle: 1, waiting: 0 },
        counts: expect.objectContaining({
          totalTasks: 10,
          pendingTasks: 2,
          inProgressTasks: 3,
          totalSteps: 40,
          maxConnections: 100,
        }),
        pool: {
          utilization: 0.1,
          pressure: 'low',
          available: 18,
          factor: 0.8,
          recommended: 12,
          maxSafe: 10,
          figure: 10,
        },
        load: { taskLoad: 0.5, stepLoad: 0.5, combined: 0.5, tier: 'moderate', figure: 8 },
        unclamped: 8,
        error: undefined,
      });
    });
  });

  describe('shutdown', () => {
    it('should wait for the refresh in flight and start no more', async () => {
      const provider = await started();
      database.row = HEAVY;
      database.hold();
      jest.advanceTimersByTime(TTL);
      provider.currentLimit();
      let stopped = false;
      const stopping = provider.beforeApplicationShutdown().then(() => {
        stopped = true;
      });
      await Promise.resolve();
      expect(stopped).toBe(false);
      database.release();
      await stopping;
      expect(provider.currentLimit()).toBe(4);
      jest.advanceTimersByTime(TTL * 10);
      provider.currentLimit();
      await provider.refresh();
      expect(database.queries).toHaveLength(2);
    });
  });
});
