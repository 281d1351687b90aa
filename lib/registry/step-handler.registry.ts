import { Injectable } from '@nestjs/common';
import { TaskDefinitionError } from '../errors/task-definition.error';
import type { StepHandlerClass, StepHandlerContract } from '../interfaces/step-handler-contract.interface';

/** A discovered step handler: its registered name, class and the instance Nest built. */
export interface RegisteredStepHandler {
  name: string;
  handlerClass: StepHandlerClass;
  instance: StepHandlerContract<never, unknown>;
}

/**
 * Step handlers by registered name (and by class, so templates may name either). One per Tasker
 * module instance, so two apps in one process never share handlers.
 * @publicApi
 */
@Injectable()
export class StepHandlerRegistry {
  private readonly byName = new Map<string, RegisteredStepHandler>();
  private readonly byClass = new Map<StepHandlerClass, RegisteredStepHandler>();

  register(handler: RegisteredStepHandler): void {
    const existing = this.byName.get(handler.name);
    if (existing !== undefined && existing.handlerClass !== handler.handlerClass) {
      throw new TaskDefinitionError(
        'INVALID_STEP_HANDLER',
        handler.handlerClass.name,
        undefined,
        `step handler name "${handler.name}" is already registered by ${existing.handlerClass.name}`,
      );
    }
    this.byName.set(handler.name, handler);
    this.byClass.set(handler.handlerClass, handler);
  }

  /** The registered name for a class or name, or undefined when nothing matches. */
  resolveName(handler: StepHandlerClass | string): string | undefined {
    return typeof handler === 'string' ? this.byName.get(handler)?.name : this.byClass.get(handler)?.name;
  }

  get(name: string): RegisteredStepHandler | undefined {
    return this.byName.get(name);
  }

  list(): RegisteredStepHandler[] {
    return [...this.byName.values()];
  }
}
