import { Module, type DynamicModule, type FactoryProvider, type Provider, type ValueProvider } from '@nestjs/common';
import { TaskerHttpModule, TaskerModule } from '../../lib';
import { TASKER_MODULE_OPTIONS } from '../../lib/tasker.module-definition';
import { firstOf } from '../support/present';

// These inspect the DynamicModule objects only: no provider is instantiated, so no database opens.

function optionsProvider(dynamicModule: DynamicModule): Provider {
  const providers = (dynamicModule.providers ?? []).filter(
    (provider) => typeof provider === 'object' && 'provide' in provider && provider.provide === TASKER_MODULE_OPTIONS,
  );
  expect(providers).toHaveLength(1);
  return firstOf(providers, 'options provider');
}

/** The TaskerHttpModule import of a Tasker dynamic module, if any. */
function httpModuleOf(dynamicModule: DynamicModule): DynamicModule | undefined {
  return (dynamicModule.imports ?? []).find(
    (imported): imported is DynamicModule =>
      typeof imported === 'object' && 'module' in imported && imported.module === TaskerHttpModule,
  );
}

function isValueProvider(provider: Provider): provider is ValueProvider {
  return typeof provider === 'object' && 'useValue' in provider;
}

function isFactoryProvider(provider: Provider): provider is FactoryProvider {
  return typeof provider === 'object' && 'useFactory' in provider;
}

@Module({})
class ConfigModule {}

describe('TaskerModule', () => {
  describe('forRoot', () => {
    it('should build a dynamic module with empty options when called with no arguments', () => {
      const dynamicModule = TaskerModule.forRoot();

      expect(dynamicModule.module).toBe(TaskerModule);
      const provider = optionsProvider(dynamicModule);
      expect(isValueProvider(provider) && provider.useValue).toEqual({});
    });

    it('should be global unless told otherwise', () => {
      expect(TaskerModule.forRoot().global).toBe(true);
      expect(TaskerModule.forRoot({ isGlobal: true }).global).toBe(true);
      expect(TaskerModule.forRoot({ isGlobal: false }).global).toBe(false);
    });

    it('should pass the options on without the isGlobal extra', () => {
      const provider = optionsProvider(
        TaskerModule.forRoot({ isGlobal: false, worker: { enabled: false }, database: { schema: 'jobs' } }),
      );

      expect(isValueProvider(provider) && provider.useValue).toEqual({
        worker: { enabled: false },
        database: { schema: 'jobs' },
      });
    });
  });

  describe('the HTTP API', () => {
    it('should be imported by forRoot unless http.enabled is false', () => {
      expect(httpModuleOf(TaskerModule.forRoot())).toBeDefined();
      expect(httpModuleOf(TaskerModule.forRoot({ http: { path: 'ops/tasker' } }))).toBeDefined();
      expect(httpModuleOf(TaskerModule.forRoot({ http: { enabled: false } }))).toBeUndefined();
    });

    it('should be imported by forRootAsync, whose options are not known yet', () => {
      const tasker = TaskerModule.forRootAsync({ useFactory: () => ({ http: { enabled: false } }) });

      expect(httpModuleOf(tasker)).toBeDefined();
    });

    it('should import back the very Tasker module that imports it, so it works when Tasker is not global', () => {
      const tasker = TaskerModule.forRoot({ isGlobal: false });
      const http = httpModuleOf(tasker);

      const parent = (http?.imports ?? []).find(
        (imported): imported is { forwardRef: () => unknown } =>
          typeof imported === 'object' && 'forwardRef' in imported,
      );
      expect(parent?.forwardRef()).toBe(tasker);
      expect(http?.controllers?.length).toBeGreaterThan(0);
    });
  });

  describe('forRootAsync', () => {
    it('should build a dynamic module whose options come from the factory, with its imports and inject', async () => {
      const useFactory = (schema: unknown) => ({ database: { schema: String(schema) } });

      const dynamicModule = TaskerModule.forRootAsync({ imports: [ConfigModule], inject: ['SCHEMA'], useFactory });

      expect(dynamicModule.module).toBe(TaskerModule);
      // The app's imports first, then Tasker's HTTP API (added to every async registration).
      expect(dynamicModule.imports).toEqual([ConfigModule, httpModuleOf(dynamicModule)]);
      const provider = optionsProvider(dynamicModule);
      expect(isFactoryProvider(provider)).toBe(true);
      if (!isFactoryProvider(provider)) return;
      expect(provider.inject).toEqual(['SCHEMA']);
      expect(await provider.useFactory('jobs')).toEqual({ database: { schema: 'jobs' } });
    });

    it('should set global from isGlobal', () => {
      const useFactory = () => ({});

      expect(TaskerModule.forRootAsync({ useFactory, isGlobal: true }).global).toBe(true);
      expect(TaskerModule.forRootAsync({ useFactory, isGlobal: false }).global).toBe(false);
      expect(TaskerModule.forRootAsync({ useFactory }).global).toBe(true);
    });
  });
});
