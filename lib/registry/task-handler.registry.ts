import { Injectable } from '@nestjs/common';
import { compareSemver } from '../definition/semver';
import { taskKey, type StepDefinition, type TaskDefinition } from '../definition/task-definition';
import { TaskDefinitionError } from '../errors/task-definition.error';
import { TaskHandlerNotFoundError } from '../errors/task-handler-not-found.error';
import type { StoredTaskIds } from './task-definition.store';

/** A validated task definition with what running it needs, before it is stored. */
export interface PreparedTask {
  key: string;
  definition: TaskDefinition;
  stepsByName: ReadonlyMap<string, StepDefinition>;
  /** Step name → the names of its ancestors (whose results `ctx.result()` may read). */
  ancestorsByStep: ReadonlyMap<string, ReadonlySet<string>>;
  /** Messages naming each field of the context that fails the schema; empty when it passes. */
  validateContext(context: unknown): string[];
}

/** A task definition ready to run: validated, stored in the database, with its context validator. */
export interface RegisteredTask extends PreparedTask, StoredTaskIds {}

/**
 * Task definitions by namespace/name/version. One per Tasker module instance. It is the one place
 * that refuses a namespace/name/version defined twice.
 * @publicApi
 */
@Injectable()
export class TaskHandlerRegistry {
  private readonly byKey = new Map<string, RegisteredTask>();
  private readonly byNamedTaskId = new Map<number, RegisteredTask>();

  /**
   * Adds a task that is already stored.
   * @throws TaskDefinitionError `DUPLICATE_TASK_HANDLER` when its key is registered.
   */
  register(task: RegisteredTask): void {
    this.refuseDuplicates([task]);
    this.add(task);
  }

  /**
   * Registers a batch of tasks, all or none: every key is checked against the registered tasks and
   * the rest of the batch before `store` runs, so a duplicate stores nothing; then each task is
   * stored, in order, and added with its stored ids.
   * @throws TaskDefinitionError `DUPLICATE_TASK_HANDLER` naming both sources of the key.
   */
  async registerAll(
    tasks: readonly PreparedTask[],
    store: (task: PreparedTask) => Promise<StoredTaskIds>,
  ): Promise<RegisteredTask[]> {
    this.refuseDuplicates(tasks);
    const registered: RegisteredTask[] = [];
    for (const task of tasks) registered.push({ ...task, ...(await store(task)) });
    for (const task of registered) this.add(task);
    return registered;
  }

  /** The task for namespace/name and version, or the newest registered version when none is given. */
  resolve(namespace: string, name: string, version?: string): RegisteredTask {
    if (version !== undefined) {
      const task = this.byKey.get(taskKey(namespace, name, version));
      if (task === undefined) throw this.notFound(namespace, name, version);
      return task;
    }
    let newest: RegisteredTask | undefined;
    for (const task of this.byKey.values()) {
      const d = task.definition;
      if (d.namespace !== namespace || d.name !== name) continue;
      if (newest === undefined || compareSemver(d.version, newest.definition.version) > 0) newest = task;
    }
    if (newest === undefined) throw this.notFound(namespace, name);
    return newest;
  }

  /** The task whose `named_tasks` row has this id (how workers map a claimed step to its handler). */
  byStoredId(namedTaskId: number): RegisteredTask | undefined {
    return this.byNamedTaskId.get(namedTaskId);
  }

  list(): RegisteredTask[] {
    return [...this.byKey.values()];
  }

  private refuseDuplicates(tasks: readonly PreparedTask[]): void {
    const batch = new Map<string, TaskDefinition>();
    for (const task of tasks) {
      const earlier = this.byKey.get(task.key)?.definition ?? batch.get(task.key);
      if (earlier !== undefined) {
        throw new TaskDefinitionError(
          'DUPLICATE_TASK_HANDLER',
          task.key,
          undefined,
          `defined twice (${earlier.source} and ${task.definition.source})`,
        );
      }
      batch.set(task.key, task.definition);
    }
  }

  private add(task: RegisteredTask): void {
    this.byKey.set(task.key, task);
    this.byNamedTaskId.set(task.namedTaskId, task);
  }

  /** The error for a miss, listing the registered tasks that share its namespace or its name. */
  private notFound(namespace: string, name: string, version?: string): TaskHandlerNotFoundError {
    const nearby = [...this.byKey.values()]
      .map((task) => task.definition)
      .filter((d) => d.namespace === namespace || d.name === name)
      .sort((a, b) => byText(a.namespace, b.namespace) || byText(a.name, b.name) || compareSemver(a.version, b.version))
      .map((d) => taskKey(d.namespace, d.name, d.version));
    return new TaskHandlerNotFoundError(namespace, name, version, nearby);
  }
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
