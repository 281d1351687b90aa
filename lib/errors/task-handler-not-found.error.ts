import { TaskerError } from './tasker.error';

/** How many near misses a message lists before it only counts the rest. */
const LISTED = 10;

/**
 * No task handler is registered for the requested namespace/name/version. The message says how
 * handlers are found, since the usual cause is a `@TaskHandler` class that no module lists in its
 * `providers` (Nest never sees it, so nothing registers it), and lists the registered tasks that
 * share the namespace or the name (`registered`), which catches a misspelt name or version.
 * @publicApi
 */
export class TaskHandlerNotFoundError extends TaskerError {
  readonly code = 'TASK_HANDLER_NOT_FOUND';

  constructor(
    readonly namespace: string,
    readonly taskName: string,
    readonly version?: string,
    /** Registered `namespace/name@version` keys with this namespace or this name. */
    readonly registered: readonly string[] = [],
  ) {
    super(
      `No task handler registered for ${namespace}/${taskName}` +
        (version === undefined ? ' (any version)' : `@${version}`) +
        `. ${nearMisses(namespace, taskName, registered)}` +
        ' Task handlers are found at boot: classes decorated with @TaskHandler among the providers of the' +
        " application's modules, and the YAML templates of the `templates` option; a @TaskHandler class" +
        " must be listed in some module's `providers`.",
    );
  }
}

function nearMisses(namespace: string, taskName: string, registered: readonly string[]): string {
  const scope = `namespace "${namespace}" or name "${taskName}"`;
  if (registered.length === 0) return `Nothing is registered with ${scope}.`;
  const more = registered.length > LISTED ? ` and ${registered.length - LISTED} more` : '';
  return `Registered with ${scope}: ${registered.slice(0, LISTED).join(', ')}${more}.`;
}
