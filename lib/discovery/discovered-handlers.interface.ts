import type { TaskHandlerOptions } from '../interfaces/task-handler-options.interface';

/** A provider's class, whatever its instances are. */
export type ProviderClass = abstract new (...args: never[]) => unknown;

/** A provider decorated with `@StepHandler`, as Nest holds it; nothing about it is checked yet. */
export interface DiscoveredStepHandler {
  /** The name given to `@StepHandler(name)`, undefined when none was given. */
  name: string | undefined;
  /** The class name (or provider token) that names the handler in messages. */
  className: string;
  /** The provider's class; null for `useValue`/`useFactory` providers. */
  handlerClass: ProviderClass | null;
  /** The instance Nest built. */
  instance: unknown;
  /** Whether Nest built it once for the whole application (not request- or transient-scoped). */
  singleton: boolean;
}

/** A provider decorated with `@TaskHandler`: the options it was given and the class that carries them. */
export interface DiscoveredTaskHandler {
  options: TaskHandlerOptions;
  /** The class name, named in messages as where the definition comes from. */
  source: string;
}

/** What the explorer found among the providers of the application's modules. */
export interface DiscoveredHandlers {
  stepHandlers: DiscoveredStepHandler[];
  taskHandlers: DiscoveredTaskHandler[];
}
