import type { TaskDefinition } from '../definition/task-definition';

/** The ids a task definition was stored under: its `named_tasks` row and one `named_steps` row per step. */
export interface StoredTaskIds {
  namedTaskId: number;
  /** Step name → id of its `named_steps` row. */
  namedStepIds: ReadonlyMap<string, number>;
}

/**
 * Where task definitions are kept between boots, so that any process (even one that does not run
 * the task) can read them. An abstract class rather than an interface so that it can be the
 * injection token of its implementations.
 */
export abstract class TaskDefinitionStore {
  /** Stores (or updates) one definition; idempotent, safe when several processes boot at once. */
  abstract save(definition: TaskDefinition): Promise<StoredTaskIds>;
}
