import { Module, type DynamicModule, type ExistingProvider, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { TaskerAnalytics } from './analytics/tasker-analytics.service';
import { HealthAwareConcurrencyProvider } from './concurrency/health-aware-concurrency.provider';
import { TASKER_CONCURRENCY_PROVIDER } from './concurrency/concurrency-limit.provider';
import { TaskerEventSubscriberExplorer } from './discovery/tasker-event-subscriber.explorer';
import { TaskerExplorer } from './discovery/tasker.explorer';
import { TaskerEventBus } from './events/tasker-event-bus';
import { TaskerHealthIndicator } from './health/tasker.health';
import { TASKER_TERMINUS_MODULE } from './health/tasker-terminus.module';
import { TaskerHttpModule } from './http/tasker-http.module';
import type { ResolvedTaskerOptions, TaskerModuleOptions } from './interfaces/tasker-module-options.interface';
import { TaskerMetrics } from './metrics/tasker-metrics.service';
import { StepExecutor } from './orchestration/step-executor.service';
import { StepWorker } from './orchestration/step-worker.service';
import { WorkerControl } from './orchestration/worker-control.port';
import { StepStartObservers } from './orchestration/step-start-observers';
import { TaskCreator } from './orchestration/task-creator.service';
import { TaskOperator } from './orchestration/task-operator.service';
import { TaskWaiter } from './orchestration/task-waiter.service';
import { TaskExplainer } from './orchestration/task-explainer.service';
import { TaskReader } from './persistence/task-reader';
import { TaskerDatabase } from './persistence/tasker-database';
import { StepHandlerRegistry } from './registry/step-handler.registry';
import { SqlTaskDefinitionStore } from './registry/sql-task-definition.store';
import { TaskDefinitionRegistrar } from './registry/task-definition.registrar';
import { TaskDefinitionStore } from './registry/task-definition.store';
import { TaskHandlerRegistry } from './registry/task-handler.registry';
import { resolveTaskerOptions } from './resolve-tasker-options';
import {
  TaskerConfigurableModule,
  TASKER_ASYNC_OPTIONS_TYPE,
  TASKER_MODULE_OPTIONS,
  TASKER_OPTIONS_TYPE,
} from './tasker.module-definition';
import { TaskerService } from './client/tasker.service';
import { TASKER_DATA_SOURCE_NAME, TASKER_OPTIONS } from './config/tasker.tokens';

const TASKER_DATA_SOURCE = getDataSourceToken(TASKER_DATA_SOURCE_NAME);

/** Binds a port to the provider that implements it; unlike a bare `useExisting`, checked by the compiler. */
function boundTo<T>(port: abstract new () => T, implementation: Type<T>): ExistingProvider<T> {
  return { provide: port, useExisting: implementation };
}

/**
 * Adds the HTTP API (`TaskerHttpModule`) to a Tasker dynamic module. The HTTP module imports this
 * very object back (by forward reference) for the services it needs, so it is appended to it
 * rather than to a copy.
 */
function withHttpApi(module: DynamicModule): DynamicModule {
  module.imports = [...(module.imports ?? []), TaskerHttpModule.forTasker(() => module)];
  return module;
}

/**
 * Tasker: DAG workflows on PostgreSQL. `TaskerModule.forRoot()` works with no options (embedded
 * database, worker on); `forRootAsync` takes a factory.
 * @publicApi
 */
@Module({
  imports: [DiscoveryModule, TASKER_TERMINUS_MODULE],
  providers: [
    {
      provide: TASKER_OPTIONS,
      useFactory: (options: TaskerModuleOptions | undefined) => resolveTaskerOptions(options ?? {}),
      inject: [TASKER_MODULE_OPTIONS],
    },
    {
      provide: TaskerDatabase,
      useFactory: (options: ResolvedTaskerOptions) => TaskerDatabase.open(options),
      inject: [TASKER_OPTIONS],
    },
    {
      provide: TASKER_DATA_SOURCE,
      useFactory: (database: TaskerDatabase) => database.dataSource,
      inject: [TaskerDatabase],
    },
    StepHandlerRegistry,
    TaskHandlerRegistry,
    TaskerEventBus,
    TaskerExplorer,
    { provide: TaskDefinitionStore, useClass: SqlTaskDefinitionStore },
    TaskDefinitionRegistrar,
    TaskerEventSubscriberExplorer,
    HealthAwareConcurrencyProvider,
    { provide: TASKER_CONCURRENCY_PROVIDER, useExisting: HealthAwareConcurrencyProvider },
    TaskCreator,
    TaskReader,
    TaskExplainer,
    StepExecutor,
    StepWorker,
    StepStartObservers,
    boundTo(WorkerControl, StepWorker),
    TaskWaiter,
    TaskOperator,
    TaskerService,
    TaskerAnalytics,
    TaskerHealthIndicator,
    TaskerMetrics,
  ],
  exports: [
    TaskerService,
    TaskHandlerRegistry,
    StepHandlerRegistry,
    TASKER_OPTIONS,
    TASKER_DATA_SOURCE,
    TaskerHealthIndicator,
    // For the HTTP module; not part of the package's exports.
    TaskerAnalytics,
  ],
})
export class TaskerModule extends TaskerConfigurableModule {
  /**
   * Registers Tasker; every option is optional and has a default (see `TaskerModuleOptions`). The
   * HTTP API is mounted under `http.path` unless `http.enabled` is false.
   */
  static override forRoot(options: typeof TASKER_OPTIONS_TYPE = {}): DynamicModule {
    const module = super.forRoot(options);
    return options.http?.enabled === false ? module : withHttpApi(module);
  }

  /**
   * Registers Tasker with options from a factory. Nest registers routes before any factory runs,
   * so the HTTP module is always added; it reads `http.path` once the options are resolved, and
   * with `http.enabled: false` its routes answer 404 as if nothing were mounted there.
   */
  static override forRootAsync(options: typeof TASKER_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withHttpApi(super.forRootAsync(options));
  }
}
