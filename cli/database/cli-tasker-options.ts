import type { TaskerModuleOptions } from '../../lib/interfaces/tasker-module-options.interface';
import type { DatabaseTargetOptions } from './database-options';

/** What the CLI changes from the module's defaults besides the database. */
export interface CliTaskerOverrides {
  migrationsRun?: boolean;
  poolSize?: number;
  concurrencyMax?: number;
}

/**
 * Tasker's options for a CLI process: the given database, no HTTP API and no worker (a CLI reads
 * and operates tasks; it never runs steps, so it needs no handlers), migrations only when asked.
 */
export function cliTaskerOptions(
  target: DatabaseTargetOptions,
  overrides: CliTaskerOverrides = {},
): TaskerModuleOptions {
  return {
    database: { url: target.url, schema: target.schema, poolSize: overrides.poolSize },
    concurrency: overrides.concurrencyMax === undefined ? undefined : { max: overrides.concurrencyMax },
    migrationsRun: overrides.migrationsRun ?? false,
    worker: { enabled: false, autoStart: false },
    http: { enabled: false },
  };
}
