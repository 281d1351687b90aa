import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TaskerService } from '../../lib/client/tasker.service';
import { TaskerModule } from '../../lib/tasker.module';
import { CliError } from '../cli-error';
import { cliTaskerOptions } from './cli-tasker-options';
import type { DatabaseTargetOptions } from './database-options';

/**
 * Boots a Nest application context with Tasker and no handlers: reads and operator actions
 * (cancel, retry, resolve) work on the rows alone, and with the worker off no step runs here. A
 * retried or resolved task's steps run in the app's own workers.
 */
export async function withTaskerService<T>(
  target: DatabaseTargetOptions,
  work: (tasker: TaskerService) => Promise<T>,
): Promise<T> {
  @Module({ imports: [TaskerModule.forRoot(cliTaskerOptions(target))] })
  class TaskerCliModule {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(TaskerCliModule, {
    logger: false,
    abortOnError: false,
  });
  try {
    return await work(app.get(TaskerService));
  } catch (error) {
    throw notMigrated(error, target) ?? error;
  } finally {
    await app.close();
  }
}

/** PostgreSQL's codes for a missing table and a missing function. */
const MISSING_OBJECT = new Set(['42P01', '42883']);

/**
 * The CLI never migrates by itself, so a database without Tasker's schema answers the first
 * query with `relation "tasker.tasks" does not exist`; say what to do instead.
 */
function notMigrated(error: unknown, target: DatabaseTargetOptions): CliError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !MISSING_OBJECT.has(code)) return undefined;
  const schema = target.schema ?? 'tasker';
  const detail = error instanceof Error ? error.message : String(error);
  return new CliError(`Tasker's schema "${schema}" is missing or not migrated (${detail}): run tasker migrate`);
}
