import type { ModuleMetadata, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TaskerModule, TaskerService, type TaskerModuleOptions } from '../../lib';
import { TaskerDatabase } from '../../lib/persistence/tasker-database';

/** A booted Nest application context with Tasker and the given fixture modules. */
export interface TaskerApp {
  module: TestingModule;
  tasker: TaskerService;
  database: TaskerDatabase;
  /** Plain SQL against Tasker's database, for assertions. */
  query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function createTaskerApp(
  options: TaskerModuleOptions,
  fixtures: Array<Type<unknown>>,
  extra: Pick<ModuleMetadata, 'providers'> = {},
): Promise<TaskerApp> {
  const module = await Test.createTestingModule({
    imports: [TaskerModule.forRoot(options), ...fixtures],
    providers: extra.providers ?? [],
  }).compile();
  try {
    await module.init();
  } catch (error) {
    await module.close().catch(() => undefined);
    throw error;
  }
  const database = module.get(TaskerDatabase);
  return {
    module,
    tasker: module.get(TaskerService),
    database,
    query: (sql, values) => database.query(sql, values),
    close: () => module.close(),
  };
}
