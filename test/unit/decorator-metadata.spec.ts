import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TaskerService } from '../../lib';
import { Calculator, SquareStep } from '../fixtures/diamond.fixture';
import { WallClock } from './fixtures/wall-clock';

// Nest injects by constructor parameter type only through `design:paramtypes`, which TypeScript
// emits with emitDecoratorMetadata. ts-jest compiles each file on its own here (isolatedModules in
// tsconfig.test.json); these tests prove the metadata still names imported classes, so providers
// injected by type resolve in the tests as in the build.

@Injectable()
class Scheduler {
  constructor(readonly clock: WallClock) {}
}

describe('decorator metadata under ts-jest (isolatedModules)', () => {
  it('should record an imported class as the constructor parameter type', () => {
    expect(Reflect.getMetadata('design:paramtypes', Scheduler)).toEqual([WallClock]);
  });

  it('should let Nest inject a provider by type, without @Inject', async () => {
    const moduleRef = await Test.createTestingModule({ providers: [WallClock, Scheduler] }).compile();

    const scheduler = moduleRef.get(Scheduler);

    expect(scheduler.clock).toBeInstanceOf(WallClock);
    expect(scheduler.clock).toBe(moduleRef.get(WallClock));
    await moduleRef.close();
  });

  it('should name real classes for every constructor parameter of lib providers and fixtures', () => {
    const paramTypes: unknown = Reflect.getMetadata('design:paramtypes', TaskerService);

    expect(Array.isArray(paramTypes) && paramTypes.length > 0).toBe(true);
    for (const type of paramTypes as unknown[]) {
      expect(typeof type).toBe('function');
      expect(type).not.toBe(Object);
    }
    expect(Reflect.getMetadata('design:paramtypes', SquareStep)).toEqual([Calculator]);
  });
});
