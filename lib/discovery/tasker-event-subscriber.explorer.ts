import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ON_TASKER_EVENT_METADATA } from '../decorators/on-tasker-event.decorator';
import { customEventNameProblem } from '../events/custom-event-name';
import { TASKER_EVENT_NAMES } from '../events/tasker-event-map';
import { TaskerEventBus } from '../events/tasker-event-bus';
import { TaskerConfigurationError } from '../errors/tasker-configuration.error';
import { logLine } from '../logging/log-line';

const CATALOG: ReadonlySet<string> = new Set(TASKER_EVENT_NAMES);

/** An `@OnTaskerEvent` method: called on its instance with the event's payload. */
type EventMethod = (this: object, payload: unknown) => unknown;

function isMethod(value: unknown): value is EventMethod {
  return typeof value === 'function';
}

/** Finds `@OnTaskerEvent` methods on every singleton provider and subscribes them to the event bus. */
@Injectable()
export class TaskerEventSubscriberExplorer implements OnModuleInit {
  private readonly logger = new Logger(TaskerEventSubscriberExplorer.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly bus: TaskerEventBus,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic() || typeof instance !== 'object' || instance === null) continue;
      const prototype: unknown = Object.getPrototypeOf(instance);
      if (typeof prototype !== 'object' || prototype === null) continue;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method: unknown = (instance as Record<string, unknown>)[methodName];
        if (!isMethod(method)) continue;
        const events: unknown = Reflect.getMetadata(ON_TASKER_EVENT_METADATA, method);
        if (!Array.isArray(events)) continue;
        for (const event of events as unknown[]) this.subscribe(String(event), instance, methodName, method);
      }
    }
  }

  private subscribe(event: string, instance: object, methodName: string, method: EventMethod): void {
    const owner = `${instance.constructor.name}.${methodName}`;
    if (!CATALOG.has(event)) {
      const problem = customEventNameProblem(event);
      if (problem !== undefined) {
        throw new TaskerConfigurationError(
          `@OnTaskerEvent on ${owner}`,
          `"${event}" is neither a Tasker event nor a valid custom event name: it ${problem}`,
        );
      }
    }
    this.bus.subscribe(event, (payload) => method.call(instance, payload));
    this.logger.log(logLine('Subscribed to Tasker event', { event, subscriber: owner }));
  }
}
