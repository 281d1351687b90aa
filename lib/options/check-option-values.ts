import { formatValue } from '../definition/format-value';
import { TaskerConfigurationError } from '../errors/tasker-configuration.error';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { isValidSchemaName } from '../persistence/tasker-migrations';

function integerAtLeast(option: string, value: unknown, min: number, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TaskerConfigurationError(option, `must be ${what}, got ${formatValue(value)}`);
  }
}

function positiveInteger(option: string, value: unknown): void {
  integerAtLeast(option, value, 1, 'a positive integer');
}

function nonNegativeInteger(option: string, value: unknown): void {
  integerAtLeast(option, value, 0, 'a non-negative integer');
}

function numberWithin(option: string, value: unknown, min: number, max = Infinity): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new TaskerConfigurationError(option, `must be a number in [${min}, ${max}], got ${formatValue(value)}`);
  }
}

/**
 * Checks the type and range of every resolved value (one option at a time; how options fit
 * together is `fitConcurrencyToPool`'s job). Throws `TaskerConfigurationError` naming the option
 * and the value given.
 */
export function checkOptionValues(resolved: ResolvedTaskerOptions): void {
  const { database, worker, concurrency, backoff, http, limits } = resolved;
  if (typeof database.schema !== 'string' || !isValidSchemaName(database.schema)) {
    throw new TaskerConfigurationError(
      'database.schema',
      `${formatValue(database.schema)} is not a lower-case SQL identifier`,
    );
  }
  positiveInteger('database.poolSize', database.poolSize);
  if (database.poolSize < 2) {
    throw new TaskerConfigurationError(
      'database.poolSize',
      `must be at least 2, got ${database.poolSize}: at boot the migrations hold one connection for their lock and run on another, so a pool of 1 waits on itself forever`,
    );
  }
  if (database.connectTimeoutMs !== undefined) positiveInteger('database.connectTimeoutMs', database.connectTimeoutMs);
  positiveInteger('worker.pollIntervalMs', worker.pollIntervalMs);
  positiveInteger('worker.leaseMs', worker.leaseMs);
  nonNegativeInteger('worker.shutdownTimeoutMs', worker.shutdownTimeoutMs);
  positiveInteger('concurrency.min', concurrency.min);
  positiveInteger('concurrency.max', concurrency.max);
  nonNegativeInteger('concurrency.cacheTtlMs', concurrency.cacheTtlMs);
  numberWithin('backoff.baseMs', backoff.baseMs, 0);
  numberWithin('backoff.multiplier', backoff.multiplier, 1);
  numberWithin('backoff.maxMs', backoff.maxMs, 0);
  numberWithin('backoff.jitter', backoff.jitter, 0, 1);
  positiveInteger('limits.maxContextBytes', limits.maxContextBytes);
  positiveInteger('limits.maxResultBytes', limits.maxResultBytes);
  for (const [option, value] of [
    ['migrationsRun', resolved.migrationsRun],
    ['worker.enabled', worker.enabled],
    ['worker.autoStart', worker.autoStart],
    ['http.enabled', http.enabled],
    ['metrics.enabled', resolved.metrics.enabled],
  ] as const) {
    if (typeof value !== 'boolean')
      throw new TaskerConfigurationError(option, `must be true or false, got ${formatValue(value)}`);
  }
  for (const [option, value] of [
    ['database.url', database.url],
    ['database.dataDir', database.dataDir],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new TaskerConfigurationError(option, `must be a non-empty string when given, got ${formatValue(value)}`);
    }
  }
  if (typeof http.path !== 'string' || !/^[A-Za-z0-9/_-]*$/.test(http.path)) {
    throw new TaskerConfigurationError(
      'http.path',
      `must be a URL path (letters, digits, "/", "_", "-"), got ${formatValue(http.path)}`,
    );
  }
  if (http.authorize !== undefined && typeof http.authorize !== 'function') {
    throw new TaskerConfigurationError(
      'http.authorize',
      `must be a function (request, permission) => boolean | Promise<boolean>, got ${formatValue(http.authorize)}`,
    );
  }
  checkRegistry(resolved.metrics.registry);
  if (resolved.templates.some((path) => typeof path !== 'string' || path.length === 0)) {
    throw new TaskerConfigurationError(
      'templates',
      `must be a path or a list of paths, got ${formatValue(resolved.templates)}`,
    );
  }
}

/**
 * A prom-client `Registry` or undefined. Checked by shape, not `instanceof`: the app's prom-client
 * may be another copy than the one Tasker resolves.
 */
function checkRegistry(registry: unknown): void {
  if (registry === undefined) return;
  const candidate = registry as Record<string, unknown> | null;
  const methods = ['registerMetric', 'getSingleMetric', 'metrics'];
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    methods.some((method) => typeof candidate[method] !== 'function')
  ) {
    throw new TaskerConfigurationError(
      'metrics.registry',
      `must be a prom-client Registry (new Registry() or prom-client's register), got ${formatValue(registry)}`,
    );
  }
}
