import { TaskerError } from './tasker.error';

/** The kind of problem found in a task definition at boot. */
export type TaskDefinitionProblem =
  | 'UNKNOWN_DEPENDENCY'
  | 'DEPENDENCY_CYCLE'
  | 'DUPLICATE_STEP_NAME'
  | 'UNKNOWN_STEP_HANDLER'
  | 'INVALID_STEP_HANDLER'
  | 'DUPLICATE_TASK_HANDLER'
  | 'INVALID_TEMPLATE';

/**
 * A task definition (decorator or YAML template) is invalid; it stops the application from booting.
 * The message names the task, the step (when there is one) and the problem.
 * @publicApi
 */
export class TaskDefinitionError extends TaskerError {
  readonly code: string;

  constructor(
    readonly problem: TaskDefinitionProblem,
    readonly task: string,
    readonly step: string | undefined,
    detail: string,
  ) {
    super(`Invalid task definition ${task}${step === undefined ? '' : ` step "${step}"`}: ${detail}`);
    this.code = `TASK_DEFINITION_${problem}`;
  }
}
