import type { StepContext } from './step-context.interface';

/**
 * What a class decorated with `@StepHandler` implements. The returned value (JSON) is stored as
 * the step's results.
 * @publicApi
 */
export interface StepHandlerContract<C = Record<string, unknown>, R = unknown> {
  process(ctx: StepContext<C>): Promise<R> | R;
}

/** A class whose instances are step handlers. */
export type StepHandlerClass = abstract new (...args: never[]) => StepHandlerContract<never, unknown>;
