import type { ResolvedTaskerOptions } from './interfaces/tasker-module-options.interface';

/** The defaults of API.md section 1. */
export const TASKER_DEFAULTS: ResolvedTaskerOptions = {
  database: { url: undefined, dataDir: undefined, poolSize: 10, schema: 'tasker' },
  migrationsRun: true,
  worker: { enabled: true, autoStart: true, pollIntervalMs: 1000, leaseMs: 30_000, shutdownTimeoutMs: 10_000 },
  concurrency: { min: 3, max: 12, cacheTtlMs: 30_000 },
  backoff: { baseMs: 1000, multiplier: 2, maxMs: 300_000, jitter: 0.1 },
  templates: [],
  http: { enabled: true, path: 'tasker', authorize: undefined },
};
