import { Injectable, Scope } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { StepHandler, TaskHandler } from '../../../lib';
import { TaskerExplorer } from '../../../lib/discovery/tasker.explorer';
import { itemAt } from '../../support/present';

@StepHandler()
class DefaultNamedStep {
  process(): null {
    return null;
  }
}

@StepHandler('named.step')
class NamedStep {
  process(): null {
    return null;
  }
}

// Above @StepHandler, so it is applied after the plain @Injectable() that @StepHandler applies.
@Injectable({ scope: Scope.REQUEST })
@StepHandler('per.request')
class RequestScopedStep {
  process(): null {
    return null;
  }
}

const ORDER = { namespace: 'shop', name: 'order', steps: [{ name: 'a', handler: 'named.step' }] };

@TaskHandler(ORDER)
class OrderTask {}

@TaskHandler({ name: 'hidden', steps: [{ name: 'a', handler: 'named.step' }] })
class NotAProviderTask {}

@Injectable()
class PlainService {}

describe('TaskerExplorer', () => {
  it('reports the decorated providers as Nest holds them, and nothing else', async () => {
    expect(Reflect.getMetadata(TaskHandler.KEY, NotAProviderTask)).toMatchObject({ name: 'hidden' });
    const module = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [TaskerExplorer, DefaultNamedStep, NamedStep, RequestScopedStep, OrderTask, PlainService],
    }).compile();
    try {
      const found = module.get(TaskerExplorer).explore();

      expect(found.taskHandlers).toEqual([{ options: ORDER, source: 'OrderTask' }]);
      expect(
        found.stepHandlers.map(({ name, className, handlerClass, singleton }) => ({
          name,
          className,
          handlerClass,
          singleton,
        })),
      ).toEqual([
        { name: undefined, className: 'DefaultNamedStep', handlerClass: DefaultNamedStep, singleton: true },
        { name: 'named.step', className: 'NamedStep', handlerClass: NamedStep, singleton: true },
        { name: 'per.request', className: 'RequestScopedStep', handlerClass: RequestScopedStep, singleton: false },
      ]);
      expect(itemAt(found.stepHandlers, 1, 'step handler').instance).toBe(module.get(NamedStep));
    } finally {
      await module.close();
    }
  });
});
