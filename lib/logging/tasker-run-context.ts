import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The step run the current code belongs to: set around every step handler's execution (its
 * awaits and callbacks included), read by `logLine` and by apps through
 * {@link currentTaskerContext}.
 * @publicApi
 */
export interface TaskerRunContext {
  readonly correlationId: string;
  readonly taskId: string;
  readonly stepName: string;
  readonly attempt: number;
}

const storage = new AsyncLocalStorage<TaskerRunContext>();

/**
 * The step run the caller executes in, or undefined outside step handlers. For logger mixins,
 * e.g. nestjs-pino's `pinoHttp.mixin: () => ({ ...currentTaskerContext() })` (docs/observability.md).
 * @publicApi
 */
export function currentTaskerContext(): TaskerRunContext | undefined {
  return storage.getStore();
}

/** Runs `fn` as part of a step run: {@link currentTaskerContext} answers `run` inside it. */
export function runInTaskerContext<T>(run: TaskerRunContext, fn: () => T): T {
  return storage.run(run, fn);
}
