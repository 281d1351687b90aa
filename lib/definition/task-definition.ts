import type { ResolvedBackoffOptions } from '../interfaces/backoff-options.interface';

/** One step of a validated task definition, with every default applied. */
export interface StepDefinition {
  name: string;
  /** Registered name of the step handler that runs it. */
  handlerName: string;
  dependsOn: string[];
  retryable: boolean;
  maxAttempts: number;
  timeoutMs: number | undefined;
  /** Only the backoff fields the step sets (merge over the module's with mergeBackoff); undefined when none. */
  backoff: Partial<ResolvedBackoffOptions> | undefined;
  config: Record<string, unknown>;
  description: string | undefined;
  /** Index of the step in the task's dependency order (parents always before children). */
  position: number;
}

/** A validated task definition: what the task handler registry holds. */
export interface TaskDefinition {
  namespace: string;
  name: string;
  version: string;
  description: string | undefined;
  contextSchema: Record<string, unknown> | undefined;
  /** In dependency order (a stable topological order that keeps declaration order where it can). */
  steps: StepDefinition[];
  /** Where it came from: the decorated class name or the YAML file. */
  source: string;
}

/** `namespace/name@version`, the canonical key of a task definition. */
export function taskKey(namespace: string, name: string, version: string): string {
  return `${namespace}/${name}@${version}`;
}
