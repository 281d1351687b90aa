import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { stepHandlerMetadata } from '../decorators/step-handler.decorator';
import { taskHandlerMetadata } from '../decorators/task-handler.decorator';
import type { TaskHandlerOptions } from '../interfaces/task-handler-options.interface';
import type {
  DiscoveredHandlers,
  DiscoveredStepHandler,
  DiscoveredTaskHandler,
  ProviderClass,
} from './discovered-handlers.interface';

type ProviderWrapper = ReturnType<DiscoveryService['getProviders']>[number];

function providerName(wrapper: ProviderWrapper): string {
  return wrapper.metatype?.name ?? String(wrapper.name);
}

/**
 * Finds the providers decorated with `@StepHandler` and `@TaskHandler` among the application's
 * modules and reports them as they are. Checking, building and registering what it found is the
 * registrar's job.
 */
@Injectable()
export class TaskerExplorer {
  constructor(private readonly discovery: DiscoveryService) {}

  /** Every decorated provider, in module and provider order; call it once instances exist (onModuleInit). */
  explore(): DiscoveredHandlers {
    return { stepHandlers: this.stepHandlers(), taskHandlers: this.taskHandlers() };
  }

  private stepHandlers(): DiscoveredStepHandler[] {
    return this.discovery.getProviders({ metadataKey: stepHandlerMetadata.KEY }).map((wrapper) => {
      const metadata = this.discovery.getMetadataByDecorator(stepHandlerMetadata, wrapper);
      return {
        name: metadata?.name,
        className: providerName(wrapper),
        // Nest types a metatype as `Type | Function`; a class provider's is its class.
        handlerClass: (wrapper.metatype as ProviderClass | null) ?? null,
        instance: wrapper.instance as unknown,
        singleton: wrapper.isDependencyTreeStatic(),
      };
    });
  }

  private taskHandlers(): DiscoveredTaskHandler[] {
    return this.discovery.getProviders({ metadataKey: taskHandlerMetadata.KEY }).map((wrapper) => ({
      options: this.discovery.getMetadataByDecorator(taskHandlerMetadata, wrapper) as TaskHandlerOptions,
      source: providerName(wrapper),
    }));
  }
}
