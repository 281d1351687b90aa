/** Metadata key under which `@OnTaskerEvent` stores event names on a method. */
export const ON_TASKER_EVENT_METADATA = 'tasker:on_event';

/**
 * Subscribes a provider method to Tasker events (catalog names of `TaskerEventMap`, or custom
 * events that handlers publish through `ctx.publish`); it is called with the event's payload as its
 * only argument. Stacking the decorator subscribes the method to each name.
 * @publicApi
 */
export function OnTaskerEvent(...events: string[]): MethodDecorator {
  return (_target, _key, descriptor) => {
    const method: unknown = descriptor.value;
    if (typeof method !== 'function') return descriptor;
    const existing: unknown = Reflect.getMetadata(ON_TASKER_EVENT_METADATA, method);
    const names = Array.isArray(existing) ? (existing as string[]) : [];
    Reflect.defineMetadata(ON_TASKER_EVENT_METADATA, [...names, ...events], method);
    return descriptor;
  };
}
