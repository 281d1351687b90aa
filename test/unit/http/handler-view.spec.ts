import { buildTaskDefinition } from '../../../lib/definition/build-task-definition';
import {
  compareDefinitions,
  levelsOf,
  toHandlerDetail,
  toHandlerSummary,
} from '../../../lib/http/handlers/handler-view';

const byName = (handler: unknown): string | undefined => (typeof handler === 'string' ? handler : undefined);

/** a, b roots; c(a, b); d(a); e(c, d); f(b); g(e, f): levels 0 [a, b], 1 [c, d, f], 2 [e], 3 [g]. */
const mixed = buildTaskDefinition(
  {
    namespace: 'shop',
    name: 'mixed',
    version: '1.2.0',
    description: 'two roots and two joins',
    contextSchema: { type: 'object' },
    steps: [
      { name: 'a', handler: 'h.a' },
      { name: 'b', handler: 'h.b', description: 'second root' },
      { name: 'c', handler: 'h.c', dependsOn: ['a', 'b'], maxAttempts: 5, timeoutMs: 2000, retryable: false },
      { name: 'd', handler: 'h.d', dependsOn: ['a'], backoff: { baseMs: 50 } },
      { name: 'e', handler: 'h.e', dependsOn: ['c', 'd'] },
      { name: 'f', handler: 'h.f', dependsOn: ['b'] },
      { name: 'g', handler: 'h.g', dependsOn: ['e', 'f'], config: { secret: 'not shown' } },
    ],
  },
  'MixedTask',
  byName,
);

describe('handler views', () => {
  it('should group the steps by dependency level (the longest path from a root)', () => {
    expect(levelsOf(mixed)).toEqual([['a', 'b'], ['c', 'd', 'f'], ['e'], ['g']]);
  });

  it('should list a handler with its steps in dependency order', () => {
    expect(toHandlerSummary(mixed)).toEqual({
      namespace: 'shop',
      name: 'mixed',
      version: '1.2.0',
      description: 'two roots and two joins',
      steps: mixed.steps.map((step) => ({ name: step.name, handler: step.handlerName, dependsOn: step.dependsOn })),
    });
  });

  it("should show a handler's settings, levels and versions (newest first), without step config", () => {
    const detail = toHandlerDetail(mixed, ['1.0.0', '1.10.0', '1.2.0']);

    expect(detail.contextSchema).toEqual({ type: 'object' });
    expect(detail.versions).toEqual(['1.10.0', '1.2.0', '1.0.0']);
    expect(detail.levels).toEqual(levelsOf(mixed));
    expect(detail.steps.find((step) => step.name === 'c')).toEqual({
      name: 'c',
      handler: 'h.c',
      dependsOn: ['a', 'b'],
      description: null,
      retryable: false,
      maxAttempts: 5,
      timeoutMs: 2000,
      backoff: null,
    });
    expect(detail.steps.find((step) => step.name === 'd')?.backoff).toEqual({ baseMs: 50 });
    expect(detail.steps.find((step) => step.name === 'b')?.description).toBe('second root');
    expect(JSON.stringify(detail)).not.toContain('not shown');
  });

  it('should order handlers by namespace, name, then newest version first', () => {
    const make = (namespace: string, name: string, version: string) =>
      buildTaskDefinition({ namespace, name, version, steps: [{ name: 's', handler: 'h' }] }, 'T', byName);
    const sorted = [make('b', 'x', '1.0.0'), make('a', 'y', '1.0.0'), make('a', 'x', '1.9.0'), make('a', 'x', '1.10.0')]
      .sort(compareDefinitions)
      .map((d) => `${d.namespace}/${d.name}@${d.version}`);

    expect(sorted).toEqual(['a/x@1.10.0', 'a/x@1.9.0', 'a/y@1.0.0', 'b/x@1.0.0']);
  });
});
