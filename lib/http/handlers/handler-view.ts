import { compareSemver } from '../../definition/semver';
import { dependencyLevels } from '../../definition/dependency-graph';
import type { TaskDefinition } from '../../definition/task-definition';
import type { BackoffOptions } from '../../interfaces/backoff-options.interface';

/** A step of a task handler as `GET /handlers` lists it. @publicApi */
export interface HandlerStepSummary {
  name: string;
  /** Registered name of the step handler that runs it. */
  handler: string;
  dependsOn: string[];
}

/** A task handler (one registered namespace/name/version) as `GET /handlers` lists it. @publicApi */
export interface HandlerSummary {
  namespace: string;
  name: string;
  version: string;
  description: string | null;
  /** In dependency order. */
  steps: HandlerStepSummary[];
}

/** A step of a task handler with its settings, as `GET /handlers/:namespace/:name` shows it. @publicApi */
export interface HandlerStepDetail extends HandlerStepSummary {
  description: string | null;
  retryable: boolean;
  maxAttempts: number;
  timeoutMs: number | null;
  /** The backoff fields the step overrides; null when it uses the module's. */
  backoff: BackoffOptions | null;
}

/** `GET /handlers/:namespace/:name?version=`. @publicApi */
export interface HandlerDetail extends Omit<HandlerSummary, 'steps'> {
  contextSchema: Record<string, unknown> | null;
  steps: HandlerStepDetail[];
  /**
   * Step names by dependency level: `levels[0]` are the roots, a step's level is 1 + the highest
   * level of its parents (the longest path from a root), so the steps of one level can run together.
   */
  levels: string[][];
  /** Every registered version of this namespace/name, newest first. */
  versions: string[];
}

const summaryStep = (step: TaskDefinition['steps'][number]): HandlerStepSummary => ({
  name: step.name,
  handler: step.handlerName,
  dependsOn: [...step.dependsOn],
});

/** A definition as `GET /handlers` lists it. */
export function toHandlerSummary(definition: TaskDefinition): HandlerSummary {
  return {
    namespace: definition.namespace,
    name: definition.name,
    version: definition.version,
    description: definition.description ?? null,
    steps: definition.steps.map(summaryStep),
  };
}

/** Groups step names by dependency level, each level in the definition's (dependency) order. */
export function levelsOf(definition: TaskDefinition): string[][] {
  const levels: string[][] = [];
  for (const [name, level] of dependencyLevels(definition.steps)) (levels[level] ??= []).push(name);
  const position = new Map(definition.steps.map((step) => [step.name, step.position]));
  return levels.map((names) => names.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0)));
}

/** A definition as `GET /handlers/:namespace/:name` shows it; `versions`: every registered version of it. */
export function toHandlerDetail(definition: TaskDefinition, versions: readonly string[]): HandlerDetail {
  return {
    ...toHandlerSummary(definition),
    contextSchema: definition.contextSchema ?? null,
    steps: definition.steps.map((step) => ({
      ...summaryStep(step),
      description: step.description ?? null,
      retryable: step.retryable,
      maxAttempts: step.maxAttempts,
      timeoutMs: step.timeoutMs ?? null,
      backoff: step.backoff === undefined ? null : { ...step.backoff },
    })),
    levels: levelsOf(definition),
    versions: [...versions].sort((a, b) => compareSemver(b, a)),
  };
}

/** Definitions by namespace, name, then version (newest first). */
export function compareDefinitions(a: TaskDefinition, b: TaskDefinition): number {
  return byText(a.namespace, b.namespace) || byText(a.name, b.name) || compareSemver(b.version, a.version);
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
