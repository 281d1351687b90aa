import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { buildTaskDefinition } from '../definition/build-task-definition';
import { compileContextValidator } from '../definition/context-validator';
import { ancestorsOf } from '../definition/dependency-graph';
import { taskKey, type TaskDefinition } from '../definition/task-definition';
import { loadYamlTemplates } from '../definition/yaml-template.loader';
import { stepHandlerMetadata, type StepHandlerMetadata } from '../decorators/step-handler.decorator';
import { taskHandlerMetadata } from '../decorators/task-handler.decorator';
import { TaskDefinitionError } from '../errors/task-definition.error';
import type { StepHandlerClass, StepHandlerContract } from '../interfaces/step-handler-contract.interface';
import type { TaskHandlerOptions } from '../interfaces/task-handler-options.interface';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { registerTaskDefinitionSql, type RegisteredStepRow } from '../persistence/sql/register-task-definition.query';
import { TaskerDatabase } from '../persistence/tasker-database';
import { StepHandlerRegistry } from '../registry/step-handler.registry';
import { TaskHandlerRegistry } from '../registry/task-handler.registry';
import { TASKER_OPTIONS } from '../tasker.tokens';
import { logLine } from '../logging/log-line';

type ProviderWrapper = ReturnType<DiscoveryService['getProviders']>[number];

function isStepHandlerInstance(value: unknown): value is StepHandlerContract<never, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { process?: unknown }).process === 'function';
}

/**
 * Finds `@StepHandler` and `@TaskHandler` providers and YAML templates at bootstrap, validates
 * every definition (a bad one stops the boot with a typed error), stores the definitions in the
 * database and fills the registries.
 */
@Injectable()
export class TaskerExplorer implements OnModuleInit {
  private readonly logger = new Logger(TaskerExplorer.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly stepHandlers: StepHandlerRegistry,
    private readonly taskHandlers: TaskHandlerRegistry,
    private readonly database: TaskerDatabase,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    this.registerStepHandlers();
    const definitions = this.collectTaskDefinitions();
    for (const definition of definitions) await this.registerTask(definition);
  }

  private registerStepHandlers(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: stepHandlerMetadata.KEY })) {
      const metadata = this.discovery.getMetadataByDecorator(stepHandlerMetadata, wrapper) as StepHandlerMetadata | undefined;
      const handlerClass = wrapper.metatype as StepHandlerClass | null;
      const className = handlerClass?.name ?? String(wrapper.name);
      if (handlerClass === null || !wrapper.isDependencyTreeStatic()) {
        throw new TaskDefinitionError(
          'INVALID_STEP_HANDLER',
          className,
          undefined,
          'step handlers must be plain, singleton class providers (not request- or transient-scoped, not useValue/useFactory)',
        );
      }
      const instance: unknown = wrapper.instance;
      if (!isStepHandlerInstance(instance)) {
        throw new TaskDefinitionError('INVALID_STEP_HANDLER', className, undefined, 'a step handler must have a process(ctx) method');
      }
      const name = metadata?.name ?? className;
      this.stepHandlers.register({ name, handlerClass, instance });
      this.logger.log(logLine('Registered step handler', { stepHandler: name, className }));
    }
  }

  private collectTaskDefinitions(): TaskDefinition[] {
    const sources: Array<{ options: TaskHandlerOptions; source: string }> = [];
    for (const wrapper of this.discovery.getProviders({ metadataKey: taskHandlerMetadata.KEY })) {
      const options = this.discovery.getMetadataByDecorator(taskHandlerMetadata, wrapper) as TaskHandlerOptions;
      sources.push({ options, source: wrapper.metatype?.name ?? String(wrapper.name) });
    }
    sources.push(...loadYamlTemplates(this.options.templates));

    const resolveHandler = (handler: StepHandlerClass | string): string | undefined => this.stepHandlers.resolveName(handler);
    const seen = new Map<string, TaskDefinition>();
    for (const { options, source } of sources) {
      const definition = buildTaskDefinition(options, source, resolveHandler);
      const key = taskKey(definition.namespace, definition.name, definition.version);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new TaskDefinitionError(
          'DUPLICATE_TASK_HANDLER',
          key,
          undefined,
          `defined twice (${earlier.source} and ${definition.source})`,
        );
      }
      seen.set(key, definition);
    }
    return [...seen.values()];
  }

  private async registerTask(definition: TaskDefinition): Promise<void> {
    const validateContext = compileContextValidator(definition.contextSchema);
    const rows = await this.database.query<RegisteredStepRow>(registerTaskDefinitionSql(this.database.schema), [
      definition.namespace,
      definition.name,
      definition.version,
      definition.description ?? null,
      JSON.stringify(storedConfiguration(definition)),
      definition.steps.map((step) => step.name),
      definition.steps.map((step) => step.handlerName),
      definition.steps.map((step) => step.description ?? null),
    ]);
    const key = taskKey(definition.namespace, definition.name, definition.version);
    this.taskHandlers.register({
      key,
      definition,
      namedTaskId: rows[0].named_task_id,
      namedStepIds: new Map(rows.map((row) => [row.name, row.id])),
      stepsByName: new Map(definition.steps.map((step) => [step.name, step])),
      ancestorsByStep: new Map(definition.steps.map((step) => [step.name, new Set(ancestorsOf(definition.steps, step.name))])),
      validateContext,
    });
    this.logger.log(logLine('Registered task handler', { task: key, steps: definition.steps.length, source: definition.source }));
  }
}

/** What is kept of a definition in `named_tasks.configuration`: everything but the runtime closures. */
function storedConfiguration(definition: TaskDefinition): Record<string, unknown> {
  return {
    description: definition.description ?? null,
    contextSchema: definition.contextSchema ?? null,
    steps: definition.steps.map((step) => ({
      name: step.name,
      handler: step.handlerName,
      dependsOn: step.dependsOn,
      retryable: step.retryable,
      maxAttempts: step.maxAttempts,
      timeoutMs: step.timeoutMs ?? null,
      backoff: step.backoff ?? null,
      config: step.config,
    })),
  };
}
