import { join } from 'node:path';
import { Injectable, Scope, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { StepHandler, TaskHandler } from '../../../lib';
import type { TaskDefinition } from '../../../lib/definition/task-definition';
import { TaskerExplorer } from '../../../lib/discovery/tasker.explorer';
import { TaskDefinitionError } from '../../../lib/errors/task-definition.error';
import { TaskHandlerNotFoundError } from '../../../lib/errors/task-handler-not-found.error';
import { StepHandlerRegistry } from '../../../lib/registry/step-handler.registry';
import { TaskDefinitionRegistrar } from '../../../lib/registry/task-definition.registrar';
import { TaskDefinitionStore, type StoredTaskIds } from '../../../lib/registry/task-definition.store';
import { TaskHandlerRegistry } from '../../../lib/registry/task-handler.registry';
import { TASKER_OPTIONS } from '../../../lib/config/tasker.tokens';
import { DiamondModule, SquareStep } from '../../fixtures/diamond.fixture';

/** Keeps definitions in memory, numbering them as the database would. */
@Injectable()
class MemoryStore extends TaskDefinitionStore {
  readonly saved: TaskDefinition[] = [];

  save(definition: TaskDefinition): Promise<StoredTaskIds> {
    this.saved.push(definition);
    const id = this.saved.length;
    return Promise.resolve({
      namedTaskId: id,
      namedStepIds: new Map(definition.steps.map((step, index) => [step.name, id * 100 + index])),
    });
  }
}

@StepHandler('noop')
class NoopStep {
  process(): null {
    return null;
  }
}

@StepHandler('no.process')
class StepWithoutProcess {}

// Above @StepHandler, so it is applied after the plain @Injectable() that @StepHandler applies.
@Injectable({ scope: Scope.REQUEST })
@StepHandler('per.request')
class RequestScopedStep {
  process(): null {
    return null;
  }
}

@TaskHandler({ namespace: 'shop', name: 'order', version: '1.0.0', steps: [{ name: 'a', handler: 'noop' }] })
class OrderTask {}

@TaskHandler({ namespace: 'shop', name: 'order', version: '1.0.0', steps: [{ name: 'b', handler: NoopStep }] })
class OrderTaskAgain {}

@TaskHandler({ namespace: 'shop', name: 'broken', steps: [{ name: 'a', handler: 'noop', dependsOn: ['zzz'] }] })
class BrokenTask {}

@TaskHandler({ namespace: 'shop', name: 'forgotten', steps: [{ name: 'a', handler: 'noop' }] })
class ForgottenTask {}

const TEMPLATES = join(__dirname, '../../fixtures/yaml-app');
const BAD_TEMPLATES = join(__dirname, '../../fixtures/yaml-app-bad');

interface Booted {
  module: TestingModule;
  store: MemoryStore;
  tasks: TaskHandlerRegistry;
  steps: StepHandlerRegistry;
}

/** Compiles a module with the registrar over `providers` (and DiamondModule); init runs the registration. */
async function compile(providers: Array<Type<unknown>>, templates: string[] = []): Promise<Booted> {
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule, DiamondModule],
    providers: [
      ...providers,
      TaskerExplorer,
      StepHandlerRegistry,
      TaskHandlerRegistry,
      TaskDefinitionRegistrar,
      MemoryStore,
      { provide: TaskDefinitionStore, useExisting: MemoryStore },
      { provide: TASKER_OPTIONS, useValue: { templates } },
    ],
  }).compile();
  return {
    module,
    store: module.get(MemoryStore),
    tasks: module.get(TaskHandlerRegistry),
    steps: module.get(StepHandlerRegistry),
  };
}

/** The registration's error, checking that nothing was stored. */
async function bootError(providers: Array<Type<unknown>>, templates: string[] = []): Promise<TaskDefinitionError> {
  const booted = await compile(providers, templates);
  try {
    const error = await booted.module.init().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(TaskDefinitionError);
    expect(booted.store.saved).toEqual([]);
    expect(booted.tasks.list()).toEqual([]);
    return error as TaskDefinitionError;
  } finally {
    // close() awaits the failed initialisation again and rethrows its error
    await booted.module.close().catch(() => undefined);
  }
}

describe('TaskDefinitionRegistrar (no database)', () => {
  it('registers the discovered step handlers and tasks and the templates, storing each task once', async () => {
    const booted = await compile([NoopStep, OrderTask], [TEMPLATES]);
    try {
      await booted.module.init();
      expect(
        booted.steps
          .list()
          .map((handler) => handler.name)
          .sort(),
      ).toEqual(['JoinStep', 'math.square', 'noop']);
      expect(booted.steps.get('math.square')?.instance).toBe(booted.module.get(SquareStep));
      // classes in the order Nest lists the modules' providers, then the templates
      expect(
        booted.store.saved.map((definition) => [
          definition.namespace,
          definition.name,
          definition.version,
          definition.source,
        ]),
      ).toEqual([
        ['shop', 'order', '1.0.0', 'OrderTask'],
        ['math', 'diamond', '1.0.0', 'DiamondTask'],
        ['yaml', 'squares', '2.0.0', join(TEMPLATES, 'squares.yaml')],
      ]);

      const diamond = booted.tasks.resolve('math', 'diamond');
      expect(diamond.namedTaskId).toBe(2);
      expect([...diamond.namedStepIds]).toEqual([
        ['start', 200],
        ['left', 201],
        ['right', 202],
        ['join', 203],
      ]);
      expect([...(diamond.ancestorsByStep.get('join') ?? [])].sort()).toEqual(['left', 'right', 'start']);
      expect(diamond.validateContext({ even_number: 3 })).toEqual(['context.even_number must be multiple of 2']);
      expect(booted.tasks.byStoredId(3)?.key).toBe('yaml/squares@2.0.0');
    } finally {
      await booted.module.close();
    }
  });

  it('ignores a @TaskHandler class no module provides; resolving it says where handlers are looked for', async () => {
    expect(Reflect.getMetadata(TaskHandler.KEY, ForgottenTask)).toMatchObject({ name: 'forgotten' });
    const booted = await compile([NoopStep, OrderTask]);
    try {
      await booted.module.init();
      expect(booted.store.saved.map((definition) => definition.name)).toEqual(['order', 'diamond']);
      const error = (() => {
        try {
          return booted.tasks.resolve('shop', 'forgotten');
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(TaskHandlerNotFoundError);
      expect((error as Error).message).toContain(
        'Registered with namespace "shop" or name "forgotten": shop/order@1.0.0.',
      );
      expect((error as Error).message).toContain("a @TaskHandler class must be listed in some module's `providers`");
    } finally {
      await booted.module.close();
    }
  });

  it('stops at a bad definition before storing any, even valid ones found before it', async () => {
    const error = await bootError([NoopStep, OrderTask, BrokenTask]);
    expect(error.problem).toBe('UNKNOWN_DEPENDENCY');
    expect(error.message).toContain('shop/broken@0.1.0');
    expect(error.message).toContain('zzz');
  });

  it('refuses the same namespace/name/version twice, naming both classes', async () => {
    const error = await bootError([NoopStep, OrderTask, OrderTaskAgain]);
    expect(error.problem).toBe('DUPLICATE_TASK_HANDLER');
    expect(error.message).toBe(
      'Invalid task definition shop/order@1.0.0: defined twice (OrderTask and OrderTaskAgain)',
    );
  });

  it('refuses a class and a template defining the same task', async () => {
    @TaskHandler({ namespace: 'yaml', name: 'squares', version: '2.0.0', steps: [{ name: 'a', handler: 'noop' }] })
    class SquaresTask {}
    const error = await bootError([NoopStep, SquaresTask], [TEMPLATES]);
    expect(error.message).toContain(`defined twice (SquaresTask and ${join(TEMPLATES, 'squares.yaml')})`);
  });

  it('refuses a template naming an unknown step handler', async () => {
    const error = await bootError([], [BAD_TEMPLATES]);
    expect(error.problem).toBe('UNKNOWN_STEP_HANDLER');
    expect(error.message).toContain('yaml/broken@0.1.0');
    expect(error.message).toContain('no.such.handler');
  });

  it('refuses a step handler without process()', async () => {
    const error = await bootError([StepWithoutProcess]);
    expect(error.problem).toBe('INVALID_STEP_HANDLER');
    expect(error.message).toBe(
      'Invalid task definition StepWithoutProcess: a step handler must have a process(ctx) method',
    );
  });

  it('refuses a request-scoped step handler', async () => {
    const error = await bootError([RequestScopedStep]);
    expect(error.problem).toBe('INVALID_STEP_HANDLER');
    expect(error.message).toContain('RequestScopedStep');
    expect(error.message).toContain('singleton class providers');
  });
});
