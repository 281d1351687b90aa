import { TaskerConfigurationError } from './errors/tasker-configuration.error';
import type { ResolvedTaskerOptions, TaskerModuleOptions } from './interfaces/tasker-module-options.interface';
import { isValidSchemaName } from './persistence/tasker-migrations';
import { TASKER_DEFAULTS } from './tasker.defaults';

function defined<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

function positiveInteger(option: string, value: number, allowZero = false): void {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new TaskerConfigurationError(option, `must be ${allowZero ? 'a non-negative' : 'a positive'} integer, got ${String(value)}`);
  }
}

function finiteAtLeast(option: string, value: number, min: number, max = Infinity): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new TaskerConfigurationError(option, `must be a number in [${min}, ${max}], got ${String(value)}`);
  }
}

/**
 * Merges the options over the defaults field by field (so `worker: { pollIntervalMs: 100 }` keeps
 * `worker.enabled`) and checks every value, so a typo fails at boot rather than at the first task.
 */
export function resolveTaskerOptions(options: TaskerModuleOptions = {}): ResolvedTaskerOptions {
  const d = TASKER_DEFAULTS;
  const resolved: ResolvedTaskerOptions = {
    database: { ...d.database, ...defined(options.database) },
    migrationsRun: options.migrationsRun ?? d.migrationsRun,
    worker: { ...d.worker, ...defined(options.worker) },
    concurrency: { ...d.concurrency, ...defined(options.concurrency) },
    backoff: { ...d.backoff, ...defined(options.backoff) },
    templates: options.templates === undefined ? [] : [options.templates].flat(),
    http: { ...d.http, ...defined(options.http) },
  };
  if (!isValidSchemaName(resolved.database.schema)) {
    throw new TaskerConfigurationError('database.schema', `"${resolved.database.schema}" is not a lower-case SQL identifier`);
  }
  positiveInteger('database.poolSize', resolved.database.poolSize);
  positiveInteger('worker.pollIntervalMs', resolved.worker.pollIntervalMs);
  positiveInteger('worker.leaseMs', resolved.worker.leaseMs);
  positiveInteger('worker.shutdownTimeoutMs', resolved.worker.shutdownTimeoutMs, true);
  positiveInteger('concurrency.min', resolved.concurrency.min);
  positiveInteger('concurrency.max', resolved.concurrency.max);
  positiveInteger('concurrency.cacheTtlMs', resolved.concurrency.cacheTtlMs, true);
  finiteAtLeast('backoff.baseMs', resolved.backoff.baseMs, 0);
  finiteAtLeast('backoff.multiplier', resolved.backoff.multiplier, 1);
  finiteAtLeast('backoff.maxMs', resolved.backoff.maxMs, 0);
  finiteAtLeast('backoff.jitter', resolved.backoff.jitter, 0, 1);
  for (const [option, value] of [
    ['migrationsRun', resolved.migrationsRun],
    ['worker.enabled', resolved.worker.enabled],
    ['worker.autoStart', resolved.worker.autoStart],
    ['http.enabled', resolved.http.enabled],
  ] as const) {
    if (typeof value !== 'boolean') throw new TaskerConfigurationError(option, `must be true or false, got ${String(value)}`);
  }
  for (const [option, value] of [
    ['database.url', resolved.database.url],
    ['database.dataDir', resolved.database.dataDir],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new TaskerConfigurationError(option, 'must be a non-empty string when given');
    }
  }
  if (typeof resolved.http.path !== 'string' || !/^[A-Za-z0-9/_-]*$/.test(resolved.http.path)) {
    throw new TaskerConfigurationError('http.path', `must be a URL path (letters, digits, "/", "_", "-"), got ${String(resolved.http.path)}`);
  }
  if (resolved.http.authorize !== undefined && typeof resolved.http.authorize !== 'function') {
    throw new TaskerConfigurationError('http.authorize', 'must be a function (request, permission) => boolean | Promise<boolean>');
  }
  if (resolved.templates.some((path) => typeof path !== 'string' || path.length === 0)) {
    throw new TaskerConfigurationError('templates', 'must be a path or a list of paths');
  }
  return resolved;
}
