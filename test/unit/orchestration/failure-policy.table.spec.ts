import type { StepDefinition, TaskDefinition } from '../../../lib/definition/task-definition';
import { mergeBackoff } from '../../../lib/definition/backoff';
import type { ClaimedStep } from '../../../lib/orchestration/claimed-step';
import {
  classifyCause,
  classifyFailure,
  decideFailure,
  describeError,
} from '../../../lib/orchestration/failure-policy';
import type { RegisteredTask } from '../../../lib/registry/task-handler.registry';
import { FAILURE_CASES, delayMatches, type FailureCase } from './failure-policy.cases';

function claimedStep(row: FailureCase): ClaimedStep {
  const definition: StepDefinition = {
    name: 'work',
    handlerName: 'work',
    dependsOn: [],
    retryable: row.retryable,
    maxAttempts: row.maxAttempts,
    timeoutMs: undefined,
    backoff: row.stepBackoff,
    config: {},
    description: undefined,
    position: 0,
  };
  const task: TaskDefinition = {
    namespace: 'policy',
    name: 'table',
    version: '1.0.0',
    description: undefined,
    contextSchema: undefined,
    steps: [definition],
    source: 'test',
  };
  return {
    stepId: 's',
    taskId: 't',
    stepName: 'work',
    attempt: row.attempt,
    maxAttempts: row.maxAttempts,
    retryable: row.retryable,
    timeoutMs: undefined,
    context: {},
    priorResults: {},
    task: { definition: task } as RegisteredTask,
    definition,
    correlationId: 'corr-1',
    traceContext: null,
    readyAt: new Date(0),
    createdAt: new Date(0),
  };
}

describe('failure policy (table)', () => {
  describe.each(FAILURE_CASES.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const backoff = mergeBackoff(row.backoff, row.stepBackoff);
    const state = { attempt: row.attempt, maxAttempts: row.maxAttempts, retryable: row.retryable };

    it('classifies the cause', () => {
      expect(classifyCause(row.cause()).kind).toBe(row.kind);
    });

    it('decides as the table says', () => {
      const failure = classifyCause(row.cause());
      const { expected } = row;
      if (expected.kind !== 'retry') {
        expect(decideFailure(failure, state, backoff)).toEqual({ kind: expected.kind });
        return;
      }
      if (typeof expected.delayMs === 'number') {
        // exact whatever the draw: no jitter applies
        for (const random of [() => 0, () => 0.5, () => 1]) {
          expect(decideFailure(failure, state, backoff, random)).toEqual({ kind: 'retry', delayMs: expected.delayMs });
        }
        return;
      }
      // the extreme draws reach the bounds exactly; any draw stays within them
      expect(decideFailure(failure, state, backoff, () => 0)).toEqual({ kind: 'retry', delayMs: expected.delayMs.min });
      expect(decideFailure(failure, state, backoff, () => 1)).toEqual({ kind: 'retry', delayMs: expected.delayMs.max });
      for (let draw = 0; draw < 50; draw++) {
        const decision = decideFailure(failure, state, backoff);
        expect(decision.kind === 'retry' && delayMatches(expected.delayMs, decision.delayMs)).toBe(true);
      }
    });

    it("gives a run's outcome the same decision", () => {
      const cause = row.cause();
      const error = describeError(cause);
      const outcome = classifyFailure(claimedStep(row), error, cause, 7, row.backoff, () => 0);
      const { expected } = row;
      if (expected.kind === 'abandon') {
        expect(outcome).toEqual({ kind: 'abandon', reason: row.kind, durationMs: 7 });
      } else if (expected.kind === 'error') {
        expect(outcome).toEqual({ kind: 'error', error, durationMs: 7 });
      } else if (expected.kind === 'release') {
        expect(outcome).toEqual({ kind: 'release', error, durationMs: 7 });
      } else {
        const delayMs = typeof expected.delayMs === 'number' ? expected.delayMs : expected.delayMs.min;
        expect(outcome).toEqual({ kind: 'retry', error, durationMs: 7, delayMs });
      }
    });
  });
});
