import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { buildTaskDefinition } from '../definition/build-task-definition';
import { loadYamlTemplates } from '../definition/yaml-template.loader';
import type { DiscoveredHandlers, DiscoveredStepHandler } from '../discovery/discovered-handlers.interface';
import { TaskerExplorer } from '../discovery/tasker.explorer';
import { TaskDefinitionError } from '../errors/task-definition.error';
import type { StepHandlerClass, StepHandlerContract } from '../interfaces/step-handler-contract.interface';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { TASKER_OPTIONS } from '../config/tasker.tokens';
import { prepareTask } from './prepare-task';
import { StepHandlerRegistry, type RegisteredStepHandler } from './step-handler.registry';
import { TaskDefinitionStore } from './task-definition.store';
import { TaskHandlerRegistry, type RegisteredTask } from './task-handler.registry';
import { logLine } from '../logging/log-line';

function isStepHandlerInstance(value: unknown): value is StepHandlerContract<never, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { process?: unknown }).process === 'function';
}

/**
 * Turns what the explorer found, and the YAML templates of the `templates` option, into registered
 * handlers at bootstrap: checks each step handler, builds and validates each task definition,
 * compiles its context validator, then registers the tasks and stores them. Every definition is
 * checked before the first is stored, so a bad one stops the boot with a typed error and writes
 * nothing.
 */
@Injectable()
export class TaskDefinitionRegistrar implements OnModuleInit {
  private readonly logger = new Logger(TaskDefinitionRegistrar.name);

  constructor(
    private readonly explorer: TaskerExplorer,
    private readonly stepHandlers: StepHandlerRegistry,
    private readonly taskHandlers: TaskHandlerRegistry,
    private readonly store: TaskDefinitionStore,
    @Inject(TASKER_OPTIONS) private readonly options: Pick<ResolvedTaskerOptions, 'templates'>,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.register(this.explorer.explore());
  }

  /**
   * Registers the step handlers, then every task handler and template.
   * @throws TaskDefinitionError naming the handler, task, step or file at fault.
   */
  async register(found: DiscoveredHandlers): Promise<RegisteredTask[]> {
    for (const discovered of found.stepHandlers) {
      const handler = checkedStepHandler(discovered);
      this.stepHandlers.register(handler);
      this.logger.log(
        logLine('Registered step handler', { stepHandler: handler.name, className: discovered.className }),
      );
    }
    const sources = [...found.taskHandlers, ...loadYamlTemplates(this.options.templates)];
    const resolveHandler = (handler: StepHandlerClass | string): string | undefined =>
      this.stepHandlers.resolveName(handler);
    const prepared = sources.map(({ options, source }) =>
      prepareTask(buildTaskDefinition(options, source, resolveHandler)),
    );
    const registered = await this.taskHandlers.registerAll(prepared, (task) => this.store.save(task.definition));
    for (const { key, definition } of registered) {
      this.logger.log(
        logLine('Registered task handler', { task: key, steps: definition.steps.length, source: definition.source }),
      );
    }
    return registered;
  }
}

/** The step handler a discovered provider stands for, once it is known to be usable as one. */
function checkedStepHandler(found: DiscoveredStepHandler): RegisteredStepHandler {
  if (found.handlerClass === null || !found.singleton) {
    throw new TaskDefinitionError(
      'INVALID_STEP_HANDLER',
      found.className,
      undefined,
      'step handlers must be plain, singleton class providers (not request- or transient-scoped, not useValue/useFactory)',
    );
  }
  if (!isStepHandlerInstance(found.instance)) {
    throw new TaskDefinitionError(
      'INVALID_STEP_HANDLER',
      found.className,
      undefined,
      'a step handler must have a process(ctx) method',
    );
  }
  return {
    name: found.name ?? found.className,
    handlerClass: found.handlerClass as StepHandlerClass,
    instance: found.instance,
  };
}
