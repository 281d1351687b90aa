import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import {
  StepHandler,
  StepNotFoundError,
  TaskDefinitionError,
  TaskHandler,
  TaskHandlerNotFoundError,
  TaskNotFoundError,
  TaskValidationError,
  ContextTooLargeError,
  TaskerConfigurationError,
  TaskerError,
  TaskerService,
  type StepContext,
  type TaskerModuleOptions,
} from '../../lib';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Bad input, everywhere: every public entry point (TaskerService, YAML templates, module options)
 * given wrong types, missing fields, unknown names, oversized and deeply nested values, invalid
 * UUIDs, SQL-looking strings and out-of-range paging. Each case must fail with the typed error
 * and its code, a message naming what was wrong, and no row written; afterwards the app still
 * runs a normal task. Handlers returning values JSON cannot hold fail their step with a clear code.
 */

type BadMode = 'ok' | 'bigint' | 'circular' | 'function' | 'symbol';

@StepHandler('bad.input.step')
class BadInputStep {
  process(ctx: StepContext<{ n: number; mode?: BadMode }>): unknown {
    const mode = ctx.step.name === 'b' ? (ctx.task.context.mode ?? 'ok') : 'ok';
    switch (mode) {
      case 'bigint':
        return { big: BigInt(ctx.task.context.n) };
      case 'circular': {
        const value: Record<string, unknown> = { n: ctx.task.context.n };
        value.self = value;
        return value;
      }
      case 'function':
        return () => ctx.task.context.n;
      case 'symbol':
        return Symbol('n');
      default:
        return { n: ctx.task.context.n, step: ctx.step.name };
    }
  }
}

@TaskHandler({
  namespace: 'bad',
  name: 'input',
  version: '1.0.0',
  contextSchema: {
    type: 'object',
    required: ['n'],
    properties: { n: { type: 'integer', minimum: 0 }, mode: { type: 'string' } },
  },
  steps: [
    { name: 'a', handler: 'bad.input.step' },
    { name: 'b', handler: 'bad.input.step', dependsOn: ['a'], retryable: false, maxAttempts: 1 },
  ],
})
class BadInputTask {}

@Module({ providers: [BadInputStep, BadInputTask] })
class BadInputModule {}

const SQL = `'; DROP TABLE tasker.tasks; --`;
const MISSING_UUID = '0190b5f0-0000-7000-8000-000000000000';
const MAX_CONTEXT_BYTES = 64 * 1024;

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

function circular(): Record<string, unknown> {
  const value: Record<string, unknown> = { n: 1 };
  value.self = value;
  return value;
}

/** Calls a TaskerService method with arguments its types would refuse (what JavaScript callers can do). */
function untyped<K extends keyof TaskerService>(
  tasker: TaskerService,
  method: K,
  ...args: unknown[]
): Promise<unknown> {
  const fn = tasker[method] as unknown as (...parameters: unknown[]) => Promise<unknown>;
  return fn.apply(tasker, args);
}

type ErrorClass = abstract new (...args: never[]) => TaskerError;

interface ServiceCase {
  name: string;
  act: (tasker: TaskerService, existing: { taskId: string }) => Promise<unknown>;
  error: ErrorClass;
  code: string;
  /** Substrings the message must contain (what was wrong, and where). */
  mentions: string[];
}

const request = (overrides: Record<string, unknown>): Record<string, unknown> => ({
  namespace: 'bad',
  name: 'input',
  context: { n: 1 },
  ...overrides,
});
const create = (overrides: Record<string, unknown>) => (tasker: TaskerService) =>
  untyped(tasker, 'createTask', request(overrides));

const SERVICE_CASES: ServiceCase[] = [
  // createTask: the request itself
  {
    name: 'createTask(null)',
    act: (t) => untyped(t, 'createTask', null),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['request must be an object'],
  },
  {
    name: 'createTask("a string")',
    act: (t) => untyped(t, 'createTask', 'bad/input'),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['request must be an object'],
  },
  {
    name: 'createTask without a name',
    act: create({ name: undefined }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['name is required'],
  },
  {
    name: 'createTask with a numeric name',
    act: create({ name: 42 }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['name must be a non-empty string'],
  },
  {
    name: 'createTask with an empty name',
    act: create({ name: '' }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['name must be a non-empty string'],
  },
  {
    name: 'createTask with a 200-character name',
    act: create({ name: 'n'.repeat(200) }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['name must be at most 128 characters', '200'],
  },
  {
    name: 'createTask with a namespace object',
    act: create({ namespace: { $ne: null } }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['namespace must be a non-empty string'],
  },
  {
    name: 'createTask with a numeric version',
    act: create({ version: 1 }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['version must be a non-empty string'],
  },
  {
    name: 'createTask without a context',
    act: create({ context: undefined }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['context is required'],
  },
  {
    name: 'createTask with an array context',
    act: create({ context: [1, 2] }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['context must be a JSON object'],
  },
  {
    name: 'createTask with a string context',
    act: create({ context: '{"n":1}' }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['context must be a JSON object'],
  },
  {
    name: 'createTask with a BigInt in the context',
    act: create({ context: { n: 1n } }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['context must be serialisable as JSON', 'BigInt'],
  },
  {
    name: 'createTask with a circular context',
    act: create({ context: circular() }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['context must be serialisable as JSON', 'circular'],
  },
  {
    name: 'createTask with an oversized context',
    act: create({ context: { n: 1, blob: 'x'.repeat(MAX_CONTEXT_BYTES) } }),
    error: ContextTooLargeError,
    code: 'CONTEXT_TOO_LARGE',
    mentions: ['limits.maxContextBytes'],
  },
  {
    name: 'createTask with a context nested 10,000 levels deep',
    act: create({ context: { n: 1, deep: nested(10_000) } }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['context must be serialisable as JSON', 'nested too deeply'],
  },
  {
    name: 'createTask with a context failing the schema (type)',
    act: create({ context: { n: 'one' } }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['bad/input@1.0.0', 'n', 'integer'],
  },
  {
    name: 'createTask with a context failing the schema (required)',
    act: create({ context: { m: 1 } }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['bad/input@1.0.0', 'n'],
  },
  {
    name: 'createTask with a negative number the schema refuses',
    act: create({ context: { n: -1 } }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['n', '0'],
  },
  {
    name: 'createTask with tags that are not an array',
    act: create({ tags: 'urgent' }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['tags must be an array of strings'],
  },
  {
    name: 'createTask with an empty tag',
    act: create({ tags: ['ok', ''] }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['tags[1]'],
  },
  {
    name: 'createTask with a numeric idempotency key',
    act: create({ idempotencyKey: 7 }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['idempotencyKey must be a non-empty string'],
  },
  {
    name: 'createTask with a 300-character idempotency key',
    act: create({ idempotencyKey: 'k'.repeat(300) }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['idempotencyKey must be at most 256 characters'],
  },
  {
    name: 'createTask with a blank initiator',
    act: create({ initiator: '   ' }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['initiator must be a non-empty string'],
  },
  // createTask: names that match nothing
  {
    name: 'createTask of an unknown task',
    act: create({ name: 'nope' }),
    error: TaskHandlerNotFoundError,
    code: 'TASK_HANDLER_NOT_FOUND',
    mentions: ['bad/nope', 'bad/input@1.0.0'],
  },
  {
    name: 'createTask of an unknown version',
    act: create({ version: '9.9.9' }),
    error: TaskHandlerNotFoundError,
    code: 'TASK_HANDLER_NOT_FOUND',
    mentions: ['bad/input@9.9.9', 'bad/input@1.0.0'],
  },
  {
    name: 'createTask in an unknown namespace',
    act: create({ namespace: 'nowhere' }),
    error: TaskHandlerNotFoundError,
    code: 'TASK_HANDLER_NOT_FOUND',
    mentions: ['nowhere/input'],
  },
  {
    name: 'createTask with an SQL-looking name',
    act: create({ name: SQL }),
    error: TaskHandlerNotFoundError,
    code: 'TASK_HANDLER_NOT_FOUND',
    mentions: [SQL],
  },
  {
    name: 'createTask with an SQL-looking namespace',
    act: create({ namespace: SQL }),
    error: TaskHandlerNotFoundError,
    code: 'TASK_HANDLER_NOT_FOUND',
    mentions: [SQL],
  },
  {
    name: 'createTask with an SQL-looking version',
    act: create({ version: SQL }),
    error: TaskHandlerNotFoundError,
    code: 'TASK_HANDLER_NOT_FOUND',
    mentions: [SQL],
  },
  // ids that are not UUIDs, or name nothing
  {
    name: 'getTask("not-a-uuid")',
    act: (t) => t.getTask('not-a-uuid'),
    error: TaskNotFoundError,
    code: 'TASK_NOT_FOUND',
    mentions: ['not-a-uuid'],
  },
  {
    name: 'getTask(SQL)',
    act: (t) => t.getTask(SQL),
    error: TaskNotFoundError,
    code: 'TASK_NOT_FOUND',
    mentions: [SQL],
  },
  {
    name: 'getTask(a UUID of no task)',
    act: (t) => t.getTask(MISSING_UUID),
    error: TaskNotFoundError,
    code: 'TASK_NOT_FOUND',
    mentions: [MISSING_UUID],
  },
  {
    name: 'getTask(42)',
    act: (t) => untyped(t, 'getTask', 42),
    error: TaskNotFoundError,
    code: 'TASK_NOT_FOUND',
    mentions: ['42'],
  },
  {
    name: 'explainTask("123")',
    act: (t) => t.explainTask('123'),
    error: TaskNotFoundError,
    code: 'TASK_NOT_FOUND',
    mentions: ['123'],
  },
  {
    name: 'waitForTask(SQL)',
    act: (t) => t.waitForTask(SQL, { timeoutMs: 1000 }),
    error: TaskNotFoundError,
    code: 'TASK_NOT_FOUND',
    mentions: [SQL],
  },
  {
    name: 'cancelTask("x")',
    act: (t) => t.cancelTask('x'),
    error: TaskNotFoundError,
    code: 'TASK_NOT_FOUND',
    mentions: ['"x"'.slice(1, 2)],
  },
  {
    name: 'cancelTask(a UUID of no task)',
    act: (t) => t.cancelTask(MISSING_UUID),
    error: TaskNotFoundError,
    code: 'TASK_NOT_FOUND',
    mentions: [MISSING_UUID],
  },
  {
    name: 'retryStep(SQL, "a")',
    act: (t) => t.retryStep(SQL, 'a'),
    error: TaskNotFoundError,
    code: 'TASK_NOT_FOUND',
    mentions: [SQL],
  },
  {
    name: 'retryStep(task, SQL step name)',
    act: (t, e) => t.retryStep(e.taskId, SQL),
    error: StepNotFoundError,
    code: 'STEP_NOT_FOUND',
    mentions: [SQL],
  },
  {
    name: 'resolveStepManually(task, unknown step)',
    act: (t, e) => t.resolveStepManually(e.taskId, 'zzz', {}),
    error: StepNotFoundError,
    code: 'STEP_NOT_FOUND',
    mentions: ['"zzz"'],
  },
  {
    name: 'resolveStepManually with BigInt results',
    act: (t, e) => t.resolveStepManually(e.taskId, 'a', { big: 1n }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['results must be serialisable as JSON', 'BigInt'],
  },
  {
    name: 'resolveStepManually with circular results',
    act: (t, e) => t.resolveStepManually(e.taskId, 'a', circular()),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['results must be serialisable as JSON'],
  },
  // listTasks: filters and paging
  {
    name: 'listTasks with limit -1',
    act: (t) => t.listTasks({ limit: -1 }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['limit must be an integer from 1 to 1000'],
  },
  {
    name: 'listTasks with limit 0',
    act: (t) => t.listTasks({ limit: 0 }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['limit'],
  },
  {
    name: 'listTasks with a huge limit',
    act: (t) => t.listTasks({ limit: 1e12 }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['limit must be an integer from 1 to 1000'],
  },
  {
    name: 'listTasks with limit 2.5',
    act: (t) => t.listTasks({ limit: 2.5 }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['limit'],
  },
  {
    name: 'listTasks with limit NaN',
    act: (t) => t.listTasks({ limit: Number.NaN }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['limit'],
  },
  {
    name: 'listTasks with offset -5',
    act: (t) => t.listTasks({ offset: -5 }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['offset must be a non-negative integer'],
  },
  {
    name: 'listTasks with offset Infinity',
    act: (t) => t.listTasks({ offset: Number.POSITIVE_INFINITY }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['offset'],
  },
  {
    name: 'listTasks with offset "10"',
    act: (t) => untyped(t, 'listTasks', { offset: '10' }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['offset'],
  },
  {
    name: 'listTasks with an SQL-looking status',
    act: (t) => untyped(t, 'listTasks', { status: SQL }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['status must be one of'],
  },
  {
    name: 'listTasks with a numeric namespace',
    act: (t) => untyped(t, 'listTasks', { namespace: 5 }),
    error: TaskValidationError,
    code: 'TASK_VALIDATION_FAILED',
    mentions: ['namespace must be a string'],
  },
];

/** Filters that are valid input: SQL-looking strings are values, never SQL. */
const HARMLESS_QUERIES: Array<{ name: string; act: (tasker: TaskerService) => Promise<{ total: number }> }> = [
  { name: 'listTasks({ namespace: SQL })', act: (t) => t.listTasks({ namespace: SQL }) },
  { name: 'listTasks({ name: SQL })', act: (t) => t.listTasks({ name: SQL }) },
  {
    name: 'listTasks({ namespace: SQL, name: SQL, offset: 2**53 - 1 })',
    act: (t) => t.listTasks({ namespace: SQL, name: SQL, offset: Number.MAX_SAFE_INTEGER }),
  },
  { name: 'listTasks({ offset: 2**31 })', act: (t) => t.listTasks({ offset: 2 ** 31 }) },
];

interface BootCase {
  name: string;
  options: (url: string, templates: string) => TaskerModuleOptions;
  /** YAML text of the one template file, for template cases. */
  template?: string;
  error: ErrorClass;
  code: string;
  mentions: string[];
}

const yamlTask = (steps: string): string => `namespace: yamlbad\nname: t\nversion: 1.0.0\nsteps:\n${steps}`;
const withTemplates = (url: string, templates: string): TaskerModuleOptions => ({
  database: { url },
  worker: { enabled: false },
  http: { enabled: false },
  templates,
});
const withOptions =
  (extra: Record<string, unknown>) =>
  (url: string): TaskerModuleOptions => ({
    database: { url },
    worker: { enabled: false },
    http: { enabled: false },
    ...extra,
  });

const BOOT_CASES: BootCase[] = [
  // YAML templates
  {
    name: 'YAML: a cycle',
    options: withTemplates,
    template: yamlTask(
      `  - { name: a, handler: bad.input.step, dependsOn: [b] }\n  - { name: b, handler: bad.input.step, dependsOn: [a] }\n`,
    ),
    error: TaskDefinitionError,
    code: 'TASK_DEFINITION_DEPENDENCY_CYCLE',
    mentions: ['yamlbad/t@1.0.0', 'a -> b -> a'],
  },
  {
    name: 'YAML: a step depending on itself',
    options: withTemplates,
    template: yamlTask(`  - { name: a, handler: bad.input.step, dependsOn: [a] }\n`),
    error: TaskDefinitionError,
    code: 'TASK_DEFINITION_DEPENDENCY_CYCLE',
    mentions: ['yamlbad/t@1.0.0', '"a"'],
  },
  {
    name: 'YAML: an unknown dependency',
    options: withTemplates,
    template: yamlTask(`  - { name: a, handler: bad.input.step, dependsOn: [ghost] }\n`),
    error: TaskDefinitionError,
    code: 'TASK_DEFINITION_UNKNOWN_DEPENDENCY',
    mentions: ['ghost'],
  },
  {
    name: 'YAML: an unknown handler',
    options: withTemplates,
    template: yamlTask(`  - { name: a, handler: no.such.handler }\n`),
    error: TaskDefinitionError,
    code: 'TASK_DEFINITION_UNKNOWN_STEP_HANDLER',
    mentions: ['no.such.handler'],
  },
  {
    name: 'YAML: maxAttempts of the wrong type',
    options: withTemplates,
    template: yamlTask(`  - { name: a, handler: bad.input.step, maxAttempts: three }\n`),
    error: TaskDefinitionError,
    code: 'TASK_DEFINITION_INVALID_TEMPLATE',
    mentions: ['maxAttempts'],
  },
  {
    name: 'YAML: no steps',
    options: withTemplates,
    template: 'namespace: yamlbad\nname: t\nversion: 1.0.0\n',
    error: TaskDefinitionError,
    code: 'TASK_DEFINITION_INVALID_TEMPLATE',
    mentions: ['steps'],
  },
  {
    name: 'YAML: a step without a name',
    options: withTemplates,
    template: yamlTask(`  - { handler: bad.input.step }\n`),
    error: TaskDefinitionError,
    code: 'TASK_DEFINITION_INVALID_TEMPLATE',
    mentions: ['name'],
  },
  {
    name: 'YAML: a syntax error',
    options: withTemplates,
    template: 'namespace: yamlbad\nname: [unclosed\n',
    error: TaskDefinitionError,
    code: 'TASK_DEFINITION_INVALID_TEMPLATE',
    mentions: ['template.yaml'],
  },
  {
    name: 'YAML: dependsOn given as a string',
    options: withTemplates,
    template: yamlTask(
      `  - { name: a, handler: bad.input.step }\n  - { name: b, handler: bad.input.step, dependsOn: a }\n`,
    ),
    error: TaskDefinitionError,
    code: 'TASK_DEFINITION_INVALID_TEMPLATE',
    mentions: ['dependsOn'],
  },
  // module options
  {
    name: 'options: poolSize 1',
    options: withOptions({ database: { poolSize: 1 } }),
    error: TaskerConfigurationError,
    code: 'TASKER_CONFIGURATION',
    mentions: ['database.poolSize', 'at least 2'],
  },
  {
    name: 'options: poolSize "ten"',
    options: withOptions({ database: { poolSize: 'ten' } }),
    error: TaskerConfigurationError,
    code: 'TASKER_CONFIGURATION',
    mentions: ['database.poolSize', 'ten'],
  },
  {
    name: 'options: negative leaseMs',
    options: withOptions({ worker: { enabled: false, leaseMs: -1 } }),
    error: TaskerConfigurationError,
    code: 'TASKER_CONFIGURATION',
    mentions: ['worker.leaseMs', '-1'],
  },
  {
    name: 'options: concurrency.min above max',
    options: withOptions({ concurrency: { min: 9, max: 3 } }),
    error: TaskerConfigurationError,
    code: 'TASKER_CONFIGURATION',
    mentions: ['concurrency.min', '9'],
  },
  {
    name: 'options: an SQL-looking schema',
    options: withOptions({ database: { schema: SQL } }),
    error: TaskerConfigurationError,
    code: 'TASKER_CONFIGURATION',
    mentions: ['database.schema'],
  },
  {
    name: 'options: a misspelt option',
    options: withOptions({ worker: { enabled: false, leaseMS: 1000 } }),
    error: TaskerConfigurationError,
    code: 'TASKER_CONFIGURATION',
    mentions: ['leaseMS', 'leaseMs'],
  },
  {
    name: 'options: backoff.jitter 2',
    options: withOptions({ backoff: { jitter: 2 } }),
    error: TaskerConfigurationError,
    code: 'TASKER_CONFIGURATION',
    mentions: ['backoff.jitter'],
  },
  {
    name: 'options: templates 42',
    options: withOptions({ templates: 42 }),
    error: TaskerConfigurationError,
    code: 'TASKER_CONFIGURATION',
    mentions: ['templates'],
  },
  {
    name: 'options: limits.maxContextBytes 0',
    options: withOptions({ limits: { maxContextBytes: 0 } }),
    error: TaskerConfigurationError,
    code: 'TASKER_CONFIGURATION',
    mentions: ['limits.maxContextBytes'],
  },
];

/** Rows of the tables that bad input must never touch. */
async function rowCounts(app: TaskerApp): Promise<Record<string, number>> {
  const [row] = await app.query<Record<string, number>>(`
    SELECT (SELECT count(*)::int FROM tasker.tasks) AS tasks,
           (SELECT count(*)::int FROM tasker.steps) AS steps,
           (SELECT count(*)::int FROM tasker.step_transitions) AS step_transitions,
           (SELECT count(*)::int FROM tasker.task_transitions) AS task_transitions,
           (SELECT count(*)::int FROM tasker.named_tasks) AS named_tasks`);
  if (!row) throw new Error('no row counts');
  return row;
}

function expectTypedError(error: unknown, expected: { error: ErrorClass; code: string; mentions: string[] }): void {
  expect(error).toBeInstanceOf(expected.error);
  expect(error).toBeInstanceOf(TaskerError);
  const typed = error as TaskerError;
  expect(typed.code).toBe(expected.code);
  for (const text of expected.mentions) expect(typed.message).toContain(text);
}

describe('bad input everywhere: typed errors, clear messages, nothing written (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TaskerApp;
  let existing: { taskId: string };
  const templateDir = mkdtempSync(join(tmpdir(), 'tasker-bad-yaml-'));

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTaskerApp(
      {
        database: { url: database.url },
        worker: { pollIntervalMs: 100 },
        backoff: { baseMs: 5, maxMs: 20, jitter: 0 },
        http: { enabled: false },
        limits: { maxContextBytes: MAX_CONTEXT_BYTES },
      },
      [BadInputModule],
    );
    const task = await app.tasker.createTask({ namespace: 'bad', name: 'input', context: { n: 2 } });
    await app.tasker.waitForTask(task.id, { timeoutMs: 10_000 });
    existing = { taskId: task.id };
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    rmSync(templateDir, { recursive: true, force: true });
  });

  it(`has at least 40 cases`, () => {
    expect(SERVICE_CASES.length + HARMLESS_QUERIES.length + BOOT_CASES.length + 4).toBeGreaterThanOrEqual(40);
  });

  it.each(SERVICE_CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const before = await rowCounts(app);
    const error = await testCase.act(app.tasker, existing).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expectTypedError(error, testCase);
    expect(await rowCounts(app)).toEqual(before);
  });

  it.each(HARMLESS_QUERIES.map((testCase) => [testCase.name, testCase] as const))(
    '%s is a plain value: no match, nothing changed',
    async (_name, testCase) => {
      const before = await rowCounts(app);
      const list = await testCase.act(app.tasker);
      expect(list.total).toBe(testCase.name.includes('SQL') ? 0 : 1);
      expect(await rowCounts(app)).toEqual(before);
    },
  );

  it.each(BOOT_CASES.map((testCase) => [testCase.name, testCase] as const))(
    '%s stops the boot',
    async (_name, testCase) => {
      const before = await rowCounts(app);
      const dir = mkdtempSync(join(templateDir, 'case-'));
      if (testCase.template !== undefined) writeFileSync(join(dir, 'template.yaml'), testCase.template);
      const error = await createTaskerApp(testCase.options(database.url, dir), [BadInputModule]).then(
        async (booted) => {
          await booted.close();
          return undefined;
        },
        (reason: unknown) => reason,
      );
      expectTypedError(error, testCase);
      expect(await rowCounts(app)).toEqual(before);
    },
  );

  it.each([
    ['a BigInt', 'bigint', 'BigInt'],
    ['a circular object', 'circular', 'circular'],
    ['a function', 'function', 'function'],
    ['a symbol', 'symbol', 'symbol'],
  ] as const)(
    'a handler returning %s fails its step with INVALID_RESULT, storing no result',
    async (_what, mode, mention) => {
      const task = await app.tasker.createTask({ namespace: 'bad', name: 'input', context: { n: 3, mode } });
      const done = await app.tasker.waitForTask(task.id, { timeoutMs: 10_000 });
      expect(done.status).toBe('error');
      const step = done.steps.find((candidate) => candidate.name === 'b');
      expect(step?.status).toBe('error');
      expect(step?.results).toBeNull();
      expect(step?.error?.code).toBe('INVALID_RESULT');
      expect(step?.error?.message).toContain('"b"');
      expect(step?.error?.message).toContain(mention);
    },
  );

  it('still serves: a normal task completes after every case, and the tables are intact', async () => {
    const task = await app.tasker.createTask({ namespace: 'bad', name: 'input', context: { n: 5 } });
    const done = await app.tasker.waitForTask(task.id, { timeoutMs: 10_000 });
    expect(done.status).toBe('complete');
    expect(done.steps.map((step) => step.results)).toEqual([
      { n: 5, step: 'a' },
      { n: 5, step: 'b' },
    ]);
    const [tables] = await app.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'tasker' AND table_name IN ('tasks', 'steps')`,
    );
    expect(tables?.n).toBe(2);
  });
});
