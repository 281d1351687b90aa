import type { TaskerModuleOptions } from '../interfaces/tasker-module-options.interface';

type Names<T> = Record<keyof NonNullable<T>, true>;

/**
 * Every option name `TaskerModuleOptions` accepts: `true` for a value, an object for a group of
 * options. The `satisfies` clauses keep it in step with the interface (a missing or extra name does
 * not compile), so the boot-time check of unknown names cannot drift from the type.
 */
export const TASKER_OPTION_SHAPE = {
  database: { url: true, dataDir: true, poolSize: true, schema: true, connectTimeoutMs: true } satisfies Names<
    TaskerModuleOptions['database']
  >,
  migrationsRun: true,
  worker: {
    enabled: true,
    autoStart: true,
    pollIntervalMs: true,
    leaseMs: true,
    shutdownTimeoutMs: true,
  } satisfies Names<TaskerModuleOptions['worker']>,
  concurrency: { min: true, max: true, cacheTtlMs: true } satisfies Names<TaskerModuleOptions['concurrency']>,
  backoff: { baseMs: true, multiplier: true, maxMs: true, jitter: true } satisfies Names<
    TaskerModuleOptions['backoff']
  >,
  templates: true,
  http: { enabled: true, path: true, authorize: true } satisfies Names<TaskerModuleOptions['http']>,
  limits: { maxContextBytes: true, maxResultBytes: true } satisfies Names<TaskerModuleOptions['limits']>,
  metrics: { enabled: true, registry: true } satisfies Names<TaskerModuleOptions['metrics']>,
} as const satisfies Record<keyof TaskerModuleOptions, true | Record<string, true>>;

/** The dotted path of every option, groups included (`database`, `database.url`, …), in declaration order. */
export function taskerOptionPaths(): string[] {
  return Object.entries(TASKER_OPTION_SHAPE).flatMap(([name, shape]) =>
    shape === true ? [name] : [name, ...Object.keys(shape).map((child) => `${name}.${child}`)],
  );
}
