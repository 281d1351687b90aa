import { expect } from '@jest/globals';
import { Registry } from 'prom-client';
import { TaskerConfigurationError, type TaskerModuleOptions } from '../../../lib';
import { resolveTaskerOptions } from '../../../lib/resolve-tasker-options';

function refusal(options: unknown): TaskerConfigurationError {
  try {
    resolveTaskerOptions(options as TaskerModuleOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(TaskerConfigurationError);
    return error as TaskerConfigurationError;
  }
  throw new Error(`resolveTaskerOptions accepted ${JSON.stringify(options)}`);
}

describe('metrics options', () => {
  it('defaults to enabled on the default registry', () => {
    expect(resolveTaskerOptions({}).metrics).toEqual({ enabled: true, registry: undefined });
  });

  it('keeps a registry given, and enabled false', () => {
    const registry = new Registry();
    expect(resolveTaskerOptions({ metrics: { registry } }).metrics).toEqual({ enabled: true, registry });
    expect(resolveTaskerOptions({ metrics: { enabled: false } }).metrics.enabled).toBe(false);
  });

  it('refuses an unknown name under metrics with a did-you-mean', () => {
    const error = refusal({ metrics: { enabld: false } });
    expect(error.option).toBe('metrics.enabld');
    expect(error.message).toContain('did you mean `metrics.enabled`?');
  });

  it.each<[string, unknown, string, string]>([
    ['a non-boolean enabled', { enabled: 'yes' }, 'metrics.enabled', 'must be true or false'],
    ['a registry that is not one', { registry: {} }, 'metrics.registry', 'must be a prom-client Registry'],
    ['a registry that is a string', { registry: 'default' }, 'metrics.registry', 'must be a prom-client Registry'],
  ])('refuses %s, naming the option', (_, metrics, option, text) => {
    const error = refusal({ metrics });
    expect(error.option).toBe(option);
    expect(error.message).toContain(text);
  });

  it('refuses metrics that is not a group of options', () => {
    expect(refusal({ metrics: true }).option).toBe('metrics');
  });
});
