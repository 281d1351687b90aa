import type { StepDefinition, TaskDefinition } from '../../../lib/definition/task-definition';
import { PermanentError, RetryableError } from '../../../lib';
import type { ClaimedStep } from '../../../lib/orchestration/claimed-step';
import { classifyFailure, describeError } from '../../../lib/orchestration/failure-policy';
import type { RegisteredTask } from '../../../lib/registry/task-handler.registry';

const BACKOFF = { baseMs: 1000, multiplier: 2, maxMs: 5000, jitter: 0 };

function claimed(overrides: Partial<ClaimedStep> = {}, backoff?: StepDefinition['backoff']): ClaimedStep {
  const definition: StepDefinition = {
    name: 'charge',
    handlerName: 'charge',
    dependsOn: [],
    retryable: true,
    maxAttempts: 3,
    timeoutMs: undefined,
    backoff,
    config: {},
    description: undefined,
    position: 0,
  };
  const task: TaskDefinition = {
    namespace: 'shop',
    name: 'order',
    version: '1.0.0',
    description: undefined,
    contextSchema: undefined,
    steps: [definition],
    source: 'test',
  };
  return {
    stepId: 's',
    taskId: 't',
    stepName: 'charge',
    attempt: 1,
    maxAttempts: 3,
    retryable: true,
    timeoutMs: undefined,
    context: {},
    priorResults: {},
    task: { definition: task } as RegisteredTask,
    definition,
    correlationId: 'corr-1',
    traceContext: null,
    readyAt: new Date(0),
    createdAt: new Date(0),
    ...overrides,
  };
}

describe('classifyFailure', () => {
  const error = { message: 'boom', code: null, type: 'Error' };

  it('retries after the backoff delay of the failed attempt while attempts are left', () => {
    expect(classifyFailure(claimed({ attempt: 1 }), error, new Error('boom'), 5, BACKOFF)).toEqual({
      kind: 'retry',
      error,
      delayMs: 1000,
      durationMs: 5,
    });
    expect(classifyFailure(claimed({ attempt: 2 }), error, new Error('boom'), 5, BACKOFF)).toMatchObject({
      kind: 'retry',
      delayMs: 2000,
    });
  });

  it('ends in error when no attempts are left', () => {
    expect(classifyFailure(claimed({ attempt: 3 }), error, new Error('boom'), 5, BACKOFF)).toEqual({
      kind: 'error',
      error,
      durationMs: 5,
    });
  });

  it('ends in error at once for a PermanentError or a non-retryable step', () => {
    expect(classifyFailure(claimed(), error, new PermanentError('no'), 1, BACKOFF).kind).toBe('error');
    expect(classifyFailure(claimed({ retryable: false }), error, new Error('x'), 1, BACKOFF).kind).toBe('error');
  });

  it('honours RetryableError.retryAfterMs, capped at maxMs', () => {
    expect(
      classifyFailure(claimed(), error, new RetryableError('later', { retryAfterMs: 1234 }), 1, BACKOFF),
    ).toMatchObject({ delayMs: 1234 });
    expect(
      classifyFailure(claimed(), error, new RetryableError('later', { retryAfterMs: 60_000 }), 1, BACKOFF),
    ).toMatchObject({ delayMs: 5000 });
  });

  it("uses the step's own backoff over the module's", () => {
    const step = claimed({ attempt: 2 }, { baseMs: 10 });
    expect(classifyFailure(step, error, new Error('x'), 1, BACKOFF)).toMatchObject({ kind: 'retry', delayMs: 20 });
  });
});

describe('describeError', () => {
  it('keeps the message, the string code and the class name', () => {
    expect(describeError(new PermanentError('card declined', { code: 'DECLINED' }))).toEqual({
      message: 'card declined',
      code: 'DECLINED',
      type: 'PermanentError',
    });
    expect(describeError(new TypeError('bad'))).toEqual({ message: 'bad', code: null, type: 'TypeError' });
  });

  it('describes a thrown non-error', () => {
    expect(describeError('plain string')).toEqual({ message: 'plain string', code: null, type: 'string' });
  });
});
