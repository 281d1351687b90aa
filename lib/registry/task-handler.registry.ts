import { Injectable } from '@nestjs/common';
import { compareSemver } from '../definition/semver';
import { taskKey, type StepDefinition, type TaskDefinition } from '../definition/task-definition';
import { TaskDefinitionError } from '../errors/task-definition.error';
import { TaskHandlerNotFoundError } from '../errors/task-handler-not-found.error';

/** A task definition ready to run: validated, stored in the database, with its context validator. */
export interface RegisteredTask {
  key: string;
  definition: TaskDefinition;
  namedTaskId: number;
  /** Step name → id of its `named_steps` row. */
  namedStepIds: ReadonlyMap<string, number>;
  stepsByName: ReadonlyMap<string, StepDefinition>;
  /** Step name → the names of its ancestors (whose results `ctx.result()` may read). */
  ancestorsByStep: ReadonlyMap<string, ReadonlySet<string>>;
  /** Messages naming each field of the context that fails the schema; empty when it passes. */
  validateContext(context: unknown): string[];
}

/**
 * Task definitions by namespace/name/version. One per Tasker module instance.
 * @publicApi
 */
@Injectable()
export class TaskHandlerRegistry {
  private readonly byKey = new Map<string, RegisteredTask>();
  private readonly byNamedTaskId = new Map<number, RegisteredTask>();

  register(task: RegisteredTask): void {
    const { namespace, name, version, source } = task.definition;
    const existing = this.byKey.get(task.key);
    if (existing !== undefined) {
      throw new TaskDefinitionError(
        'DUPLICATE_TASK_HANDLER',
        task.key,
        undefined,
        `${namespace}/${name}@${version} is defined twice (${existing.definition.source} and ${source})`,
      );
    }
    this.byKey.set(task.key, task);
    this.byNamedTaskId.set(task.namedTaskId, task);
  }

  /** The task for namespace/name and version, or the newest registered version when none is given. */
  resolve(namespace: string, name: string, version?: string): RegisteredTask {
    if (version !== undefined) {
      const task = this.byKey.get(taskKey(namespace, name, version));
      if (task === undefined) throw new TaskHandlerNotFoundError(namespace, name, version);
      return task;
    }
    let newest: RegisteredTask | undefined;
    for (const task of this.byKey.values()) {
      const d = task.definition;
      if (d.namespace !== namespace || d.name !== name) continue;
      if (newest === undefined || compareSemver(d.version, newest.definition.version) > 0) newest = task;
    }
    if (newest === undefined) throw new TaskHandlerNotFoundError(namespace, name);
    return newest;
  }

  /** The task whose `named_tasks` row has this id (how workers map a claimed step to its handler). */
  byStoredId(namedTaskId: number): RegisteredTask | undefined {
    return this.byNamedTaskId.get(namedTaskId);
  }

  list(): RegisteredTask[] {
    return [...this.byKey.values()];
  }
}
