import type { TaskDefinitionError, TaskDefinitionProblem } from '../errors/task-definition.error';
import type { TaskHandlerOptions } from '../interfaces/task-handler-options.interface';
import { buildStepDefinition, type HandlerResolver, type StepOwner } from './build-step-definition';
import { compileContextValidator } from './context-validator';
import { DEFAULT_NAMESPACE, DEFAULT_VERSION } from './definition-defaults';
import { definitionError } from './definition-error';
import {
  findCycle,
  findDuplicateNames,
  findSelfDependencies,
  findUnknownDependencies,
  topologicalOrder,
} from './dependency-graph';
import { formatValue } from './format-value';
import { isRecord } from './is-record';
import { isSemver } from './semver';
import { taskKey, type StepDefinition, type TaskDefinition } from './task-definition';

const TASK_FIELDS: readonly string[] = ['namespace', 'name', 'version', 'description', 'contextSchema', 'steps'];

/**
 * Validates a task definition (from `@TaskHandler` or a YAML template), applies the defaults
 * (namespace 'default', version '0.1.0'; per step: retryable true, maxAttempts 3, dependsOn [],
 * config {}) and returns its steps in dependency order with `position` set.
 *
 * @param source where the options come from (class name or file), kept on the definition and named
 *   in error messages.
 * @param resolveHandler maps a step's `handler` (class or registered name) to the registered name,
 *   undefined when there is no such step handler.
 * @throws TaskDefinitionError naming the task (`namespace/name@version`), the step and the problem.
 */
export function buildTaskDefinition(
  options: TaskHandlerOptions,
  source: string,
  resolveHandler: HandlerResolver,
): TaskDefinition {
  // Decorator options may come from plain JavaScript, so nothing below trusts the static type.
  const fields: unknown = options;
  const raw = isRecord(fields) ? fields : {};
  const { namespace = DEFAULT_NAMESPACE, name, version = DEFAULT_VERSION, description, contextSchema, steps } = raw;
  const task = taskKey(labelOf(namespace), labelOf(name), labelOf(version));
  const owner: StepOwner = { task, source };
  const invalid = (detail: string): TaskDefinitionError =>
    definitionError('INVALID_TEMPLATE', owner, undefined, detail);

  if (!isRecord(fields)) throw invalid(`task handler options must be an object (got ${formatValue(fields)})`);
  const unknown = Object.keys(raw).filter((field) => !TASK_FIELDS.includes(field));
  if (unknown.length > 0) throw invalid(`unknown task option(s) ${unknown.map((field) => `"${field}"`).join(', ')}`);
  if (!isTaskNamePart(name)) {
    throw invalid(`name must be a non-empty string without "/" or "@" (got ${formatValue(name)})`);
  }
  if (!isTaskNamePart(namespace)) {
    throw invalid(`namespace must be a non-empty string without "/" or "@" (got ${formatValue(namespace)})`);
  }
  if (!isSemver(version)) {
    const got = formatValue(version);
    throw invalid(`version must be a semver MAJOR.MINOR.PATCH[-prerelease], e.g. "1.0.0" (got ${got})`);
  }
  if (description !== undefined && typeof description !== 'string') {
    throw invalid(`description must be a string (got ${formatValue(description)})`);
  }
  const schema = checkContextSchema(contextSchema, invalid);
  if (!Array.isArray(steps) || steps.length === 0) throw invalid('a task needs at least one step');

  const built = steps.map((step: unknown, index) => buildStepDefinition(step, index, owner, resolveHandler));
  return {
    namespace,
    name,
    version,
    description,
    contextSchema: schema,
    steps: orderSteps(built, owner),
    source,
  };
}

/** The schema when it compiles; Ajv's own message otherwise. */
function checkContextSchema(
  schema: unknown,
  invalid: (detail: string) => TaskDefinitionError,
): Record<string, unknown> | undefined {
  if (schema === undefined) return undefined;
  if (!isRecord(schema)) throw invalid(`contextSchema must be a JSON Schema object (got ${formatValue(schema)})`);
  try {
    compileContextValidator(schema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(`contextSchema is not a valid JSON Schema (draft 2020-12): ${reason}`);
  }
  return schema;
}

/** Checks the graph, then sorts the steps topologically (declaration order among independent steps). */
function orderSteps(steps: StepDefinition[], owner: StepOwner): StepDefinition[] {
  const fail = (problem: TaskDefinitionProblem, step: string, detail: string): TaskDefinitionError =>
    definitionError(problem, owner, step, detail);

  const [duplicate] = findDuplicateNames(steps);
  if (duplicate !== undefined) {
    throw fail('DUPLICATE_STEP_NAME', duplicate, `step name "${duplicate}" is declared more than once`);
  }
  const [selfDependent] = findSelfDependencies(steps);
  if (selfDependent !== undefined) {
    throw fail('DEPENDENCY_CYCLE', selfDependent, `depends on itself (${selfDependent} -> ${selfDependent})`);
  }
  const [unknown] = findUnknownDependencies(steps);
  if (unknown !== undefined) {
    throw fail('UNKNOWN_DEPENDENCY', unknown.step, `depends on unknown step "${unknown.dependency}"`);
  }
  const cycle = findCycle(steps);
  if (cycle !== undefined) throw fail('DEPENDENCY_CYCLE', cycle[0], `dependency cycle ${cycle.join(' -> ')}`);

  const positions = new Map(topologicalOrder(steps).map((name, position) => [name, position]));
  return steps
    .map((step) => ({ ...step, position: positions.get(step.name) ?? -1 }))
    .sort((a, b) => a.position - b.position);
}

function isTaskNamePart(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && !/[/@]/.test(value);
}

function labelOf(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : '?';
}
