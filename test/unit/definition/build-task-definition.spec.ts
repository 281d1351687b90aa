import { buildTaskDefinition } from '../../../lib/definition/build-task-definition';
import { TaskDefinitionError, type TaskDefinitionProblem } from '../../../lib/errors/task-definition.error';
import type { StepHandlerClass } from '../../../lib/interfaces/step-handler-contract.interface';
import type { StepTemplate, TaskHandlerOptions } from '../../../lib/interfaces/task-handler-options.interface';
import { itemAt } from '../../support/present';

class SquareStep {
  process(): number {
    return 4;
  }
}
class JoinStep {
  process(): number {
    return 16;
  }
}
class UnregisteredStep {
  process(): number {
    return 0;
  }
}

const registered = new Map<StepHandlerClass | string, string>([
  [SquareStep, 'math.square'],
  ['math.square', 'math.square'],
  [JoinStep, 'JoinStep'],
  ['JoinStep', 'JoinStep'],
]);
const resolveHandler = (handler: StepHandlerClass | string): string | undefined => registered.get(handler);

const diamond: TaskHandlerOptions = {
  namespace: 'math',
  name: 'diamond',
  version: '1.0.0',
  description: 'square, branch, join',
  contextSchema: { type: 'object', required: ['even_number'], properties: { even_number: { type: 'integer' } } },
  steps: [
    { name: 'start', handler: SquareStep },
    { name: 'left', handler: 'math.square', dependsOn: ['start'] },
    {
      name: 'right',
      handler: SquareStep,
      dependsOn: ['start'],
      maxAttempts: 5,
      timeoutMs: 2000,
      backoff: { baseMs: 10 },
    },
    { name: 'join', handler: JoinStep, dependsOn: ['left', 'right'], retryable: false, config: { op: 'multiply' } },
  ],
};

/** The error `buildTaskDefinition` throws for these options; fails the test when none is thrown. */
function definitionError(options: unknown, source = 'TestTask'): TaskDefinitionError {
  try {
    buildTaskDefinition(options as TaskHandlerOptions, source, resolveHandler);
  } catch (error) {
    if (error instanceof TaskDefinitionError) return error;
    throw error;
  }
  throw new Error('expected a TaskDefinitionError');
}

/** `diamond` with its steps replaced. */
function withSteps(steps: unknown[]): unknown {
  return { ...diamond, steps };
}

function expectProblem(
  error: TaskDefinitionError,
  problem: TaskDefinitionProblem,
  task: string,
  step: string | undefined,
  detail: RegExp,
): void {
  expect(error).toBeInstanceOf(TaskDefinitionError);
  expect(error.problem).toBe(problem);
  expect(error.code).toBe(`TASK_DEFINITION_${problem}`);
  expect(error.task).toBe(task);
  expect(error.step).toBe(step);
  expect(error.message).toContain(`Invalid task definition ${task}`);
  if (step !== undefined) expect(error.message).toContain(`step "${step}"`);
  expect(error.message).toMatch(detail);
}

describe('buildTaskDefinition: a valid definition', () => {
  const definition = buildTaskDefinition(diamond, 'DiamondTask', resolveHandler);

  it('keeps the task fields and the source', () => {
    expect(definition).toMatchObject({
      namespace: 'math',
      name: 'diamond',
      version: '1.0.0',
      description: 'square, branch, join',
      contextSchema: diamond.contextSchema,
      source: 'DiamondTask',
    });
  });

  it('resolves handlers to registered names and applies step defaults', () => {
    expect(definition.steps).toEqual([
      {
        name: 'start',
        handlerName: 'math.square',
        dependsOn: [],
        retryable: true,
        maxAttempts: 3,
        timeoutMs: undefined,
        backoff: undefined,
        config: {},
        description: undefined,
        position: 0,
      },
      {
        name: 'left',
        handlerName: 'math.square',
        dependsOn: ['start'],
        retryable: true,
        maxAttempts: 3,
        timeoutMs: undefined,
        backoff: undefined,
        config: {},
        description: undefined,
        position: 1,
      },
      {
        name: 'right',
        handlerName: 'math.square',
        dependsOn: ['start'],
        retryable: true,
        maxAttempts: 5,
        timeoutMs: 2000,
        backoff: { baseMs: 10 },
        config: {},
        description: undefined,
        position: 2,
      },
      {
        name: 'join',
        handlerName: 'JoinStep',
        dependsOn: ['left', 'right'],
        retryable: false,
        maxAttempts: 3,
        timeoutMs: undefined,
        backoff: undefined,
        config: { op: 'multiply' },
        description: undefined,
        position: 3,
      },
    ]);
  });

  it('applies the task defaults', () => {
    const minimal = buildTaskDefinition(
      { name: 'minimal', steps: [{ name: 'only', handler: 'JoinStep' }] },
      'Minimal',
      resolveHandler,
    );
    expect(minimal).toMatchObject({
      namespace: 'default',
      version: '0.1.0',
      description: undefined,
      contextSchema: undefined,
    });
  });

  it('returns steps in dependency order, keeping declaration order among independent steps', () => {
    const built = buildTaskDefinition(
      withSteps([
        { name: 'join', handler: JoinStep, dependsOn: ['right', 'left'] },
        { name: 'right', handler: SquareStep, dependsOn: ['start'] },
        { name: 'left', handler: SquareStep, dependsOn: ['start', 'start'] },
        { name: 'start', handler: SquareStep },
      ]) as TaskHandlerOptions,
      'Reversed',
      resolveHandler,
    );
    expect(built.steps.map((step) => [step.name, step.position])).toEqual([
      ['start', 0],
      ['right', 1],
      ['left', 2],
      ['join', 3],
    ]);
    expect(itemAt(built.steps, 2, 'step').dependsOn).toEqual(['start']);
  });

  it('accepts a prerelease version', () => {
    expect(buildTaskDefinition({ ...diamond, version: '2.0.0-rc.1' }, 'Rc', resolveHandler).version).toBe('2.0.0-rc.1');
  });
});

describe('buildTaskDefinition: graph problems', () => {
  it('refuses a duplicate step name', () => {
    const error = definitionError(withSteps([...diamond.steps, { name: 'left', handler: SquareStep }]));
    expectProblem(
      error,
      'DUPLICATE_STEP_NAME',
      'math/diamond@1.0.0',
      'left',
      /step name "left" is declared more than once/,
    );
  });

  it('refuses an unknown dependency and says which', () => {
    const steps: StepTemplate[] = [
      ...diamond.steps.slice(0, 3),
      { name: 'join', handler: JoinStep, dependsOn: ['left', 'lefty'] },
    ];
    const error = definitionError(withSteps(steps));
    expectProblem(error, 'UNKNOWN_DEPENDENCY', 'math/diamond@1.0.0', 'join', /depends on unknown step "lefty"/);
    expect(error.message).toContain('(source: TestTask)');
  });

  it('refuses a cycle and gives its path', () => {
    const error = definitionError(
      withSteps([
        { name: 'start', handler: SquareStep },
        { name: 'a', handler: SquareStep, dependsOn: ['start', 'c'] },
        { name: 'b', handler: SquareStep, dependsOn: ['a'] },
        { name: 'c', handler: SquareStep, dependsOn: ['b'] },
      ]),
    );
    expectProblem(error, 'DEPENDENCY_CYCLE', 'math/diamond@1.0.0', 'a', /dependency cycle a -> b -> c -> a/);
  });

  it('refuses a step that depends on itself', () => {
    const error = definitionError(withSteps([{ name: 'start', handler: SquareStep, dependsOn: ['start'] }]));
    expectProblem(error, 'DEPENDENCY_CYCLE', 'math/diamond@1.0.0', 'start', /depends on itself \(start -> start\)/);
  });
});

describe('buildTaskDefinition: handler problems', () => {
  it('names an unregistered handler class', () => {
    const error = definitionError(withSteps([{ name: 'start', handler: UnregisteredStep }]));
    expectProblem(
      error,
      'UNKNOWN_STEP_HANDLER',
      'math/diamond@1.0.0',
      'start',
      /step handler class UnregisteredStep is not registered/,
    );
  });

  it('names an unregistered handler name', () => {
    const error = definitionError(withSteps([{ name: 'start', handler: 'math.cube' }]));
    expectProblem(
      error,
      'UNKNOWN_STEP_HANDLER',
      'math/diamond@1.0.0',
      'start',
      /no step handler is registered as "math.cube"/,
    );
  });

  it.each([[''], [42], [undefined], [{ process: () => 1 }]])('refuses %p as a handler', (handler) => {
    const error = definitionError(withSteps([{ name: 'start', handler }]));
    expectProblem(
      error,
      'INVALID_STEP_HANDLER',
      'math/diamond@1.0.0',
      'start',
      /handler must be a step handler class or a registered step handler name/,
    );
  });
});

describe('buildTaskDefinition: invalid task fields', () => {
  it.each([
    [{ name: '' }, 'default/?@0.1.0', /name must be a non-empty string/],
    [{ name: undefined }, 'default/?@0.1.0', /name must be a non-empty string without "\/" or "@" \(got undefined\)/],
    [{ name: 'a/b' }, 'default/a/b@0.1.0', /name must be a non-empty string without "\/" or "@"/],
    [{ name: 'ok', namespace: ' ' }, ' /ok@0.1.0', /namespace must be a non-empty string/],
    [
      { name: 'ok', version: '1.0' },
      'default/ok@1.0',
      /version must be a semver MAJOR.MINOR.PATCH\[-prerelease\], e.g. "1.0.0" \(got "1.0"\)/,
    ],
    [{ name: 'ok', version: 'v1.0.0' }, 'default/ok@v1.0.0', /version must be a semver/],
    [{ name: 'ok', description: 5 }, 'default/ok@0.1.0', /description must be a string/],
    [{ name: 'ok', dependsOn: [] }, 'default/ok@0.1.0', /unknown task option\(s\) "dependsOn"/],
  ])('refuses %p', (fields, task, detail) => {
    const error = definitionError({ steps: [{ name: 'only', handler: 'JoinStep' }], ...fields });
    expectProblem(error, 'INVALID_TEMPLATE', task, undefined, detail);
  });

  it('refuses a task without steps', () => {
    expectProblem(
      definitionError(withSteps([])),
      'INVALID_TEMPLATE',
      'math/diamond@1.0.0',
      undefined,
      /at least one step/,
    );
    const { steps, ...noSteps } = diamond;
    expect(steps).toHaveLength(4);
    expectProblem(definitionError(noSteps), 'INVALID_TEMPLATE', 'math/diamond@1.0.0', undefined, /at least one step/);
  });

  it('reports why a contextSchema does not compile', () => {
    const error = definitionError({
      ...diamond,
      contextSchema: { type: 'object', properties: { n: { type: 'integr' } } },
    });
    expectProblem(
      error,
      'INVALID_TEMPLATE',
      'math/diamond@1.0.0',
      undefined,
      /contextSchema is not a valid JSON Schema \(draft 2020-12\): .*type/,
    );
    const notObject = definitionError({ ...diamond, contextSchema: 'object' });
    expectProblem(
      notObject,
      'INVALID_TEMPLATE',
      'math/diamond@1.0.0',
      undefined,
      /contextSchema must be a JSON Schema object/,
    );
  });

  it('refuses options that are not an object', () => {
    expectProblem(
      definitionError(null),
      'INVALID_TEMPLATE',
      'default/?@0.1.0',
      undefined,
      /task handler options must be an object/,
    );
  });
});

describe('buildTaskDefinition: invalid step fields', () => {
  const step = (fields: Record<string, unknown>): unknown =>
    withSteps([{ name: 'start', handler: SquareStep, ...fields }]);

  it.each([
    [{ maxAttempts: 0 }, /maxAttempts must be an integer >= 1 \(got 0\)/],
    [{ maxAttempts: 1.5 }, /maxAttempts must be an integer >= 1 \(got 1.5\)/],
    [{ maxAttempts: '3' }, /maxAttempts must be an integer >= 1 \(got "3"\)/],
    [{ timeoutMs: 0 }, /timeoutMs must be a positive integer/],
    [{ timeoutMs: -100 }, /timeoutMs must be a positive integer/],
    [{ timeoutMs: 2.5 }, /timeoutMs must be a positive integer/],
    [{ timeoutMs: 2 ** 31 }, /timeoutMs must be a positive integer of at most 2147483647/],
    [{ backoff: { baseMs: -1 } }, /backoff.baseMs must be a number >= 0 \(got -1\)/],
    [{ backoff: { multiplier: 0 } }, /backoff.multiplier must be a number >= 1/],
    [{ backoff: { jitter: 1.5 } }, /backoff.jitter must be a number between 0 and 1/],
    [{ backoff: { baseMs: 100, maxMs: 10 } }, /backoff.maxMs \(10\) must be >= backoff.baseMs \(100\)/],
    [{ backoff: { base: 100 } }, /backoff.base is not a backoff option/],
    [{ retryable: 'no' }, /retryable must be a boolean/],
    [{ dependsOn: 'a' }, /dependsOn must be an array of step names/],
    [{ config: [] }, /config must be an object/],
    [{ description: 1 }, /description must be a string/],
    [{ depends_on: ['x'] }, /unknown step option\(s\) "depends_on"/],
  ])('refuses %p and names the step', (fields, detail) => {
    expectProblem(definitionError(step(fields)), 'INVALID_TEMPLATE', 'math/diamond@1.0.0', 'start', detail);
  });

  it('refuses a step without a name and says which one', () => {
    const error = definitionError(withSteps([{ name: 'start', handler: SquareStep }, { handler: SquareStep }]));
    expectProblem(
      error,
      'INVALID_TEMPLATE',
      'math/diamond@1.0.0',
      undefined,
      /steps\[1\]\.name must be a non-empty string/,
    );
    const notObject = definitionError(withSteps([null]));
    expectProblem(
      notObject,
      'INVALID_TEMPLATE',
      'math/diamond@1.0.0',
      undefined,
      /steps\[0\] must be an object \(got null\)/,
    );
  });
});
