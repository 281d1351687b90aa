import type { TaskDefinitionError } from '../errors/task-definition.error';
import type { ResolvedBackoffOptions } from '../interfaces/backoff-options.interface';
import type { StepHandlerClass } from '../interfaces/step-handler-contract.interface';
import { backoffProblems } from './backoff';
import { definitionError } from './definition-error';
import { DEFAULT_MAX_ATTEMPTS, MAX_TIMEOUT_MS } from './definition-defaults';
import { formatValue } from './format-value';
import { isRecord } from './is-record';
import type { StepDefinition } from './task-definition';

/** Resolves a step's `handler` (class or name) to the registered name; undefined when unknown. */
export type HandlerResolver = (handler: StepHandlerClass | string) => string | undefined;

const STEP_FIELDS: readonly string[] = [
  'name',
  'handler',
  'dependsOn',
  'retryable',
  'maxAttempts',
  'timeoutMs',
  'backoff',
  'config',
  'description',
];

/** The task a step belongs to, as error messages name it: `namespace/name@version` and its source. */
export interface StepOwner {
  task: string;
  source: string;
}

/**
 * Validates one step template (the `index`-th, 0-based) and applies its defaults. `position` is
 * left at -1: only the whole task knows the dependency order.
 * @throws TaskDefinitionError naming the task, the step and the problem.
 */
export function buildStepDefinition(
  template: unknown,
  index: number,
  owner: StepOwner,
  resolveHandler: HandlerResolver,
): StepDefinition {
  if (!isRecord(template)) {
    const detail = `steps[${index}] must be an object (got ${formatValue(template)})`;
    throw definitionError('INVALID_TEMPLATE', owner, undefined, detail);
  }
  const name = template.name;
  if (typeof name !== 'string' || name.trim() === '') {
    const detail = `steps[${index}].name must be a non-empty string (got ${formatValue(name)})`;
    throw definitionError('INVALID_TEMPLATE', owner, undefined, detail);
  }
  const invalid = (detail: string): TaskDefinitionError => definitionError('INVALID_TEMPLATE', owner, name, detail);

  const unknown = Object.keys(template).filter((field) => !STEP_FIELDS.includes(field));
  if (unknown.length > 0) throw invalid(`unknown step option(s) ${unknown.map((field) => `"${field}"`).join(', ')}`);

  const { dependsOn = [], retryable = true, maxAttempts = DEFAULT_MAX_ATTEMPTS, config = {} } = template;
  const { timeoutMs, backoff, description } = template;
  if (!isStepNameList(dependsOn)) {
    throw invalid(`dependsOn must be an array of step names (got ${formatValue(dependsOn)})`);
  }
  if (typeof retryable !== 'boolean') throw invalid(`retryable must be a boolean (got ${formatValue(retryable)})`);
  if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw invalid(`maxAttempts must be an integer >= 1 (got ${formatValue(maxAttempts)})`);
  }
  if (timeoutMs !== undefined && !isPositiveInteger(timeoutMs, MAX_TIMEOUT_MS)) {
    throw invalid(`timeoutMs must be a positive integer of at most ${MAX_TIMEOUT_MS} (got ${formatValue(timeoutMs)})`);
  }
  const problems = backoff === undefined ? [] : backoffProblems(backoff);
  if (problems.length > 0) throw invalid(problems.join('; '));
  if (!isRecord(config)) throw invalid(`config must be an object (got ${formatValue(config)})`);
  if (description !== undefined && typeof description !== 'string') {
    throw invalid(`description must be a string (got ${formatValue(description)})`);
  }

  return {
    name,
    handlerName: resolveStepHandler(template.handler, owner, name, resolveHandler),
    dependsOn: [...new Set(dependsOn)],
    retryable,
    maxAttempts,
    timeoutMs,
    backoff: ownBackoff(backoff),
    config,
    description,
    position: -1,
  };
}

function isStepNameList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((name) => typeof name === 'string' && name !== '');
}

function resolveStepHandler(handler: unknown, owner: StepOwner, step: string, resolveHandler: HandlerResolver): string {
  if (!(typeof handler === 'function' || (typeof handler === 'string' && handler !== ''))) {
    const got = formatValue(handler);
    const detail = `handler must be a step handler class or a registered step handler name (got ${got})`;
    throw definitionError('INVALID_STEP_HANDLER', owner, step, detail);
  }
  // NOTE: a function is all the type system lets us check here; the resolver knows the real classes.
  const resolved = resolveHandler(handler as StepHandlerClass | string);
  if (resolved !== undefined) return resolved;
  const detail =
    typeof handler === 'string'
      ? `no step handler is registered as "${handler}"`
      : `step handler class ${handler.name || '(anonymous)'} is not registered ` +
        '(decorate it with @StepHandler and list it as a provider)';
  throw definitionError('UNKNOWN_STEP_HANDLER', owner, step, detail);
}

/** Only the fields the step sets, so that the module's backoff fills the rest at run time. */
function ownBackoff(backoff: unknown): Partial<ResolvedBackoffOptions> | undefined {
  if (!isRecord(backoff)) return undefined;
  const own: Partial<ResolvedBackoffOptions> = {};
  for (const field of ['baseMs', 'multiplier', 'maxMs', 'jitter'] as const) {
    const value = backoff[field];
    if (typeof value === 'number') own[field] = value;
  }
  return Object.keys(own).length === 0 ? undefined : own;
}

function isPositiveInteger(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}
