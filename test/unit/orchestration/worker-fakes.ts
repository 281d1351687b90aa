import type { StepDefinition, TaskDefinition } from '../../../lib/definition/task-definition';
import type { AbortReason } from '../../../lib/orchestration/abort-reasons';
import type { ClaimedStep, RunOutcome } from '../../../lib/orchestration/claimed-step';
import type { StepRun } from '../../../lib/orchestration/step-executor.service';
import type { CycleRow } from '../../../lib/persistence/sql/run-cycle.query';
import type { RegisteredTask } from '../../../lib/registry/task-handler.registry';
import type { LogLine } from '../../../lib/logging/log-line';

/** A registered task "shop/order@1.0.0" (stored id 7) with steps `charge` and `ship`. */
export function fakeTask(namedTaskId = 7): RegisteredTask {
  const step = (name: string, position: number): StepDefinition => ({
    name,
    handlerName: name,
    dependsOn: [],
    retryable: true,
    maxAttempts: 3,
    timeoutMs: undefined,
    backoff: undefined,
    config: {},
    description: undefined,
    position,
  });
  const steps = [step('charge', 0), step('ship', 1)];
  const definition: TaskDefinition = {
    namespace: 'shop',
    name: 'order',
    version: '1.0.0',
    description: undefined,
    contextSchema: undefined,
    steps,
    source: 'test',
  };
  return {
    key: 'shop/order@1.0.0',
    definition,
    namedTaskId,
    namedStepIds: new Map(steps.map((s, i) => [s.name, i + 1])),
    stepsByName: new Map(steps.map((s) => [s.name, s])),
    ancestorsByStep: new Map(steps.map((s) => [s.name, new Set<string>()])),
    validateContext: () => [],
  };
}

/** The registry lookup the worker parts use, over the given tasks. */
export function fakeRegistry(...tasks: RegisteredTask[]): { byStoredId(id: number): RegisteredTask | undefined } {
  const byId = new Map(tasks.map((task) => [task.namedTaskId, task]));
  return { byStoredId: (id) => byId.get(id) };
}

/** A claimed step of `task`. */
export function fakeStep(stepId: string, taskId = 'task-1', task: RegisteredTask = fakeTask()): ClaimedStep {
  const definition = task.stepsByName.get('charge') as StepDefinition;
  return {
    stepId,
    taskId,
    stepName: definition.name,
    attempt: 1,
    maxAttempts: 3,
    retryable: true,
    timeoutMs: undefined,
    context: {},
    priorResults: {},
    task,
    definition,
    correlationId: 'corr-1',
    traceContext: null,
    readyAt: new Date(0),
    createdAt: new Date(0),
  };
}

/** A run that settles when the test says, or at once when aborted (as the executor's runs do). */
export interface FakeRun extends StepRun {
  readonly aborts: AbortReason[];
  settle(outcome: RunOutcome): void;
}

export function fakeRun(step: ClaimedStep): FakeRun {
  let settle!: (outcome: RunOutcome) => void;
  const done = new Promise<RunOutcome>((resolve) => {
    settle = resolve;
  });
  const aborts: AbortReason[] = [];
  return {
    step,
    done,
    aborts,
    settle,
    abort(reason) {
      aborts.push(reason);
      settle({ kind: 'abandon', reason, durationMs: 0 });
    },
  };
}

/** A claimed row of run_cycle. */
export function claimedRow(fields: Partial<CycleRow> & { step_id: string }): CycleRow {
  return {
    kind: 'claimed',
    task_id: 'task-1',
    status: null,
    attempt: 1,
    named_task_id: 7,
    step_name: 'charge',
    max_attempts: 3,
    retryable: true,
    timeout_ms: null,
    context: {},
    prior_results: {},
    error: null,
    ...fields,
  };
}

/** A logger that records what it was asked to log: each library line is one `logLine(message, fields)`. */
export function recordingLogger(): {
  lines: Array<{ level: string; fields: Record<string, unknown>; message: string }>;
  debug(line: LogLine): void;
  warn(line: LogLine): void;
  error(line: LogLine): void;
  log(line: LogLine): void;
} {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const at =
    (level: string) =>
    (line: LogLine): void => {
      const { msg, ...fields } = { ...line };
      lines.push({ level, fields, message: msg });
    };
  return { lines, debug: at('debug'), warn: at('warn'), error: at('error'), log: at('log') };
}
