import { TaskDefinitionError, type TaskDefinitionProblem } from '../errors/task-definition.error';

/**
 * A {@link TaskDefinitionError} whose detail ends with where the task was defined, since the
 * `namespace/name@version` alone does not say which class or YAML file to fix.
 */
export function definitionError(
  problem: TaskDefinitionProblem,
  owner: { task: string; source: string },
  step: string | undefined,
  detail: string,
): TaskDefinitionError {
  return new TaskDefinitionError(problem, owner.task, step, `${detail} (source: ${owner.source})`);
}
