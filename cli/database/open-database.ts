import { resolveTaskerOptions } from '../../lib/resolve-tasker-options';
import { TaskerDatabase } from '../../lib/persistence/tasker-database';
import { cliTaskerOptions, type CliTaskerOverrides } from './cli-tasker-options';
import type { DatabaseTargetOptions } from './database-options';

/**
 * Opens Tasker's database without booting Nest (migrate and doctor need the connection and the
 * migrations, not the services). Fails with the library's own `TaskerDatabaseConnectionError`.
 */
export async function openDatabase(
  target: DatabaseTargetOptions,
  overrides: CliTaskerOverrides = {},
): Promise<TaskerDatabase> {
  return TaskerDatabase.open(resolveTaskerOptions(cliTaskerOptions(target, overrides)));
}

/** Runs `work` on an open database and closes it whatever happens. */
export async function withDatabase<T>(
  target: DatabaseTargetOptions,
  work: (database: TaskerDatabase) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(target);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
