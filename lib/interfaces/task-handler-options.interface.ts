import type { BackoffOptions } from './backoff-options.interface';
import type { StepHandlerClass } from './step-handler-contract.interface';

/** One step of a task definition. @publicApi */
export interface StepTemplate {
  name: string;
  /** The step handler class, or its registered name. */
  handler: StepHandlerClass | string;
  dependsOn?: string[];
  /** [true] */
  retryable?: boolean;
  /** Total attempts including the first [3]. */
  maxAttempts?: number;
  timeoutMs?: number;
  backoff?: BackoffOptions;
  /** Handed to the handler as `ctx.step.config` [{}]. */
  config?: Record<string, unknown>;
  description?: string;
}

/** Options of `@TaskHandler` and the fields of a YAML template. @publicApi */
export interface TaskHandlerOptions {
  /** ['default'] */
  namespace?: string;
  name: string;
  /** Semver ['0.1.0']. */
  version?: string;
  description?: string;
  /** JSON Schema (draft 2020-12) the task context must match. */
  contextSchema?: Record<string, unknown>;
  steps: StepTemplate[];
}
