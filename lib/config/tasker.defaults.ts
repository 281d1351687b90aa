import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';

/**
 * The default of every option. `concurrency.min` and, with a `database.url`, `database.poolSize`
 * are adjusted to the other options when not given (see `resolveTaskerOptions`).
 */
export const TASKER_DEFAULTS: ResolvedTaskerOptions = {
  database: { url: undefined, dataDir: undefined, poolSize: 10, schema: 'tasker' },
  migrationsRun: true,
  worker: { enabled: true, autoStart: true, pollIntervalMs: 1000, leaseMs: 30_000, shutdownTimeoutMs: 25_000 },
  concurrency: { min: 3, max: 12, cacheTtlMs: 30_000 },
  backoff: { baseMs: 1000, multiplier: 2, maxMs: 300_000, jitter: 0.1 },
  templates: [],
  http: { enabled: true, path: 'tasker', authorize: undefined },
  limits: { maxContextBytes: 1024 * 1024, maxResultBytes: 1024 * 1024 },
  metrics: { enabled: true, registry: undefined },
};

/** `database.connectTimeoutMs` when not given: opening one connection may take 10 s. */
export const TASKER_DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The floor of the derived `database.poolSize` default (real PostgreSQL). */
export const TASKER_MIN_DEFAULT_POOL_SIZE = 10;
