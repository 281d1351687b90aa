import { PermanentError } from '../errors/permanent.error';
import type { StepContext } from '../interfaces/step-context.interface';
import type { ClaimedStep } from './claimed-step';

/** Builds the StepContext of one run. `publish` is supplied by the worker (it validates and dispatches). */
export function createStepContext(
  step: ClaimedStep,
  signal: AbortSignal,
  publish: (event: string, payload?: Record<string, unknown>) => void,
): StepContext {
  const { definition: task } = step.task;
  return {
    task: {
      id: step.taskId,
      namespace: task.namespace,
      name: task.name,
      version: task.version,
      context: step.context,
      correlationId: step.correlationId,
    },
    step: {
      id: step.stepId,
      name: step.stepName,
      attempt: step.attempt,
      maxAttempts: step.maxAttempts,
      config: step.definition.config,
      idempotencyKey: step.stepId,
      attemptKey: `${step.stepId}:${step.attempt}`,
    },
    result<T = unknown>(stepName: string): T {
      if (step.task.ancestorsByStep.get(step.stepName)?.has(stepName) !== true) {
        throw new PermanentError(
          `Step "${step.stepName}" asked for the results of "${stepName}", which is not one of its ancestors`,
          { code: 'NOT_AN_ANCESTOR' },
        );
      }
      return (step.priorResults[stepName] ?? null) as T;
    },
    signal,
    publish,
  };
}
