import {
  ancestorsOf,
  dependencyLevels,
  findCycle,
  findDuplicateNames,
  findSelfDependencies,
  findUnknownDependencies,
  leafSteps,
  rootSteps,
  topologicalOrder,
  type DependencyNode,
} from '../../../lib/definition/dependency-graph';

/** `graph({ b: ['a'], a: [] })`: declaration order is the key order. */
function graph(spec: Record<string, string[]>): DependencyNode[] {
  return Object.entries(spec).map(([name, dependsOn]) => ({ name, dependsOn }));
}

const linear = graph({ a: [], b: ['a'], c: ['b'], d: ['c'] });
const diamond = graph({ start: [], left: ['start'], right: ['start'], join: ['left', 'right'] });
const tree = graph({ root: [], l: ['root'], r: ['root'], ll: ['l'], lr: ['l'], rl: ['r'] });
// Two roots; `late` is declared first but waits on `x`; `z` skips a level.
const mixed = graph({ late: ['x', 'y'], x: [], y: ['x'], z: [], w: ['z', 'late'] });

describe('topologicalOrder', () => {
  it('keeps a linear chain in order', () => {
    expect(topologicalOrder(linear)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('orders a linear chain declared backwards by dependency', () => {
    expect(topologicalOrder(graph({ d: ['c'], c: ['b'], b: ['a'], a: [] }))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps declaration order among the branches of a diamond', () => {
    expect(topologicalOrder(diamond)).toEqual(['start', 'left', 'right', 'join']);
    const swapped = graph({ start: [], right: ['start'], left: ['start'], join: ['left', 'right'] });
    expect(topologicalOrder(swapped)).toEqual(['start', 'right', 'left', 'join']);
  });

  it('takes the earliest-declared ready step first in a tree', () => {
    expect(topologicalOrder(tree)).toEqual(['root', 'l', 'r', 'll', 'lr', 'rl']);
  });

  it('moves a step declared early behind its parents in a mixed graph', () => {
    expect(topologicalOrder(mixed)).toEqual(['x', 'y', 'late', 'z', 'w']);
  });

  it('leaves out the steps on and behind a cycle', () => {
    expect(topologicalOrder(graph({ a: [], b: ['a', 'c'], c: ['b'], d: ['c'], e: ['a'] }))).toEqual(['a', 'e']);
  });

  it('ignores unknown and repeated dependencies', () => {
    expect(topologicalOrder(graph({ b: ['a', 'a', 'ghost'], a: [] }))).toEqual(['a', 'b']);
  });
});

describe('dependencyLevels', () => {
  it('numbers a chain 0..n', () => {
    expect(Object.fromEntries(dependencyLevels(linear))).toEqual({ a: 0, b: 1, c: 2, d: 3 });
  });

  it('puts both branches of a diamond on one level', () => {
    expect(Object.fromEntries(dependencyLevels(diamond))).toEqual({ start: 0, left: 1, right: 1, join: 2 });
  });

  it('uses the depth in a tree', () => {
    expect(Object.fromEntries(dependencyLevels(tree))).toEqual({ root: 0, l: 1, r: 1, ll: 2, lr: 2, rl: 2 });
  });

  it('uses the longest path from any root when paths differ in length', () => {
    expect(Object.fromEntries(dependencyLevels(mixed))).toEqual({ x: 0, y: 1, late: 2, z: 0, w: 3 });
  });
});

describe('roots, leaves and ancestors', () => {
  it('finds roots and leaves in declaration order', () => {
    expect(rootSteps(mixed)).toEqual(['x', 'z']);
    expect(leafSteps(mixed)).toEqual(['w']);
    expect(rootSteps(tree)).toEqual(['root']);
    expect(leafSteps(tree)).toEqual(['ll', 'lr', 'rl']);
    expect(leafSteps(diamond)).toEqual(['join']);
  });

  it('treats a step whose only dependency is unknown as a root', () => {
    expect(rootSteps(graph({ a: ['ghost'], b: ['a'] }))).toEqual(['a']);
  });

  it('lists transitive parents in topological order', () => {
    expect(ancestorsOf(diamond, 'join')).toEqual(['start', 'left', 'right']);
    expect(ancestorsOf(diamond, 'left')).toEqual(['start']);
    expect(ancestorsOf(tree, 'lr')).toEqual(['root', 'l']);
    expect(ancestorsOf(mixed, 'w')).toEqual(['x', 'y', 'late', 'z']);
  });

  it('returns no ancestors for a root or an unknown step', () => {
    expect(ancestorsOf(diamond, 'start')).toEqual([]);
    expect(ancestorsOf(diamond, 'ghost')).toEqual([]);
  });
});

describe('graph problems', () => {
  it('reports each duplicated name once', () => {
    expect(findDuplicateNames(graph({ a: [] }).concat(graph({ a: [], b: [] }), graph({ a: [], b: [] })))).toEqual([
      'a',
      'b',
    ]);
    expect(findDuplicateNames(diamond)).toEqual([]);
  });

  it('reports self-dependencies', () => {
    expect(findSelfDependencies(graph({ a: [], b: ['a', 'b'] }))).toEqual(['b']);
    expect(findSelfDependencies(diamond)).toEqual([]);
  });

  it('reports which step depends on which unknown name', () => {
    expect(findUnknownDependencies(graph({ a: [], b: ['a', 'x'], c: ['y'] }))).toEqual([
      { step: 'b', dependency: 'x' },
      { step: 'c', dependency: 'y' },
    ]);
    expect(findUnknownDependencies(mixed)).toEqual([]);
  });

  it('finds no cycle in a DAG', () => {
    for (const dag of [linear, diamond, tree, mixed]) expect(findCycle(dag)).toBeUndefined();
  });

  it('gives a cycle in execution direction, from its earliest-declared step', () => {
    // a needs c, b needs a, c needs b: runs would go a -> b -> c -> a.
    expect(findCycle(graph({ a: ['c'], b: ['a'], c: ['b'] }))).toEqual(['a', 'b', 'c', 'a']);
    // The search enters the cycle at c (x's child), but the path still starts at b.
    expect(findCycle(graph({ x: [], b: ['d'], c: ['x', 'b'], d: ['c'] }))).toEqual(['b', 'c', 'd', 'b']);
  });

  it('finds a two-step cycle and a self-loop', () => {
    expect(findCycle(graph({ a: [], p: ['q'], q: ['p'] }))).toEqual(['p', 'q', 'p']);
    expect(findCycle(graph({ a: ['a'] }))).toEqual(['a', 'a']);
  });
});
