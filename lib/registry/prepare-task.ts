import { compileContextValidator } from '../definition/context-validator';
import { ancestorsOf } from '../definition/dependency-graph';
import { taskKey, type TaskDefinition } from '../definition/task-definition';
import type { PreparedTask } from './task-handler.registry';

/** Compiles a validated definition's context validator and indexes its steps, as running it needs. */
export function prepareTask(definition: TaskDefinition): PreparedTask {
  const { steps } = definition;
  return {
    key: taskKey(definition.namespace, definition.name, definition.version),
    definition,
    stepsByName: new Map(steps.map((step) => [step.name, step])),
    ancestorsByStep: new Map(steps.map((step) => [step.name, new Set(ancestorsOf(steps, step.name))])),
    validateContext: compileContextValidator(definition.contextSchema),
  };
}
