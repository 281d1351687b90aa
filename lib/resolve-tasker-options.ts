import type { ResolvedTaskerOptions, TaskerModuleOptions } from './interfaces/tasker-module-options.interface';
import { checkOptionNames } from './options/check-option-names';
import { checkOptionValues } from './options/check-option-values';
import { fitConcurrencyToPool } from './options/fit-concurrency-to-pool';
import { TASKER_DEFAULTS } from './config/tasker.defaults';

function defined<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/**
 * Merges the options over the defaults field by field (so `worker: { pollIntervalMs: 100 }` keeps
 * `worker.enabled`) and checks them strictly, so a mistake fails at boot rather than at the first
 * task: unknown names at every level (with a "did you mean" for near misses), the type and range
 * of every value, then how concurrency and the pool fit together (`fitConcurrencyToPool`, which
 * also derives `database.poolSize` and `concurrency.min` when they are not given). Every refusal
 * is a `TaskerConfigurationError` naming the option. `forRoot` and `forRootAsync` both come here.
 */
export function resolveTaskerOptions(options: TaskerModuleOptions = {}): ResolvedTaskerOptions {
  checkOptionNames(options);
  const d = TASKER_DEFAULTS;
  const resolved: ResolvedTaskerOptions = {
    database: { ...d.database, ...defined(options.database) },
    migrationsRun: options.migrationsRun ?? d.migrationsRun,
    worker: { ...d.worker, ...defined(options.worker) },
    concurrency: { ...d.concurrency, ...defined(options.concurrency) },
    backoff: { ...d.backoff, ...defined(options.backoff) },
    templates: options.templates === undefined ? [] : [options.templates].flat(),
    http: { ...d.http, ...defined(options.http) },
    limits: { ...d.limits, ...defined(options.limits) },
    metrics: { ...d.metrics, ...defined(options.metrics) },
  };
  checkOptionValues(resolved);
  const fitted = fitConcurrencyToPool(resolved, options);
  resolved.concurrency.min = fitted.min;
  resolved.database.poolSize = fitted.poolSize;
  return resolved;
}
