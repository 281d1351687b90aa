import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TaskerService } from '../../lib/client/tasker.service';
import { TaskerModule } from '../../lib/tasker.module';
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
  } finally {
    await app.close();
  }
}
