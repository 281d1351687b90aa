import { Injectable } from '@nestjs/common';
import type { TaskDefinition } from '../definition/task-definition';
import { firstRow } from '../persistence/first-row';
import { registerTaskDefinitionSql, type RegisteredStepRow } from '../persistence/sql/register-task-definition.query';
import { TaskerDatabase } from '../persistence/tasker-database';
import { TaskDefinitionStore, type StoredTaskIds } from './task-definition.store';

/** Keeps task definitions in Tasker's database: `namespaces`, `named_tasks` and `named_steps`. */
@Injectable()
export class SqlTaskDefinitionStore extends TaskDefinitionStore {
  private readonly sql: string;

  constructor(private readonly database: TaskerDatabase) {
    super();
    this.sql = registerTaskDefinitionSql(database.schema);
  }

  async save(definition: TaskDefinition): Promise<StoredTaskIds> {
    const rows = await this.database.query<RegisteredStepRow>(this.sql, [
      definition.namespace,
      definition.name,
      definition.version,
      definition.description ?? null,
      JSON.stringify(storedConfiguration(definition)),
      definition.steps.map((step) => step.name),
      definition.steps.map((step) => step.handlerName),
      definition.steps.map((step) => step.description ?? null),
    ]);
    return {
      namedTaskId: firstRow(rows, 'the task definition upsert').named_task_id,
      namedStepIds: new Map(rows.map((row) => [row.name, row.id])),
    };
  }
}

/** What is kept of a definition in `named_tasks.configuration`: everything but the runtime closures. */
export function storedConfiguration(definition: TaskDefinition): Record<string, unknown> {
  return {
    description: definition.description ?? null,
    contextSchema: definition.contextSchema ?? null,
    steps: definition.steps.map((step) => ({
      name: step.name,
      handler: step.handlerName,
      dependsOn: step.dependsOn,
      retryable: step.retryable,
      maxAttempts: step.maxAttempts,
      timeoutMs: step.timeoutMs ?? null,
      backoff: step.backoff ?? null,
      config: step.config,
    })),
  };
}
