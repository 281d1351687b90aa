/** A step as the dependency graph sees it: its name and the names of its parents. */
export interface DependencyNode {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

/** A step that depends on a name no step of the task has. */
export interface UnknownDependency {
  step: string;
  dependency: string;
}

/** Step names declared more than once, each reported once, in declaration order. */
export function findDuplicateNames(nodes: readonly DependencyNode[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { name } of nodes) {
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  return [...duplicates];
}

/** Steps that list themselves in `dependsOn`, in declaration order. */
export function findSelfDependencies(nodes: readonly DependencyNode[]): string[] {
  return nodes.filter((node) => node.dependsOn.includes(node.name)).map((node) => node.name);
}

/** Dependencies naming no step of the graph, in declaration order. */
export function findUnknownDependencies(nodes: readonly DependencyNode[]): UnknownDependency[] {
  const names = new Set(nodes.map((node) => node.name));
  return nodes.flatMap((node) =>
    node.dependsOn
      .filter((dependency) => !names.has(dependency))
      .map((dependency) => ({ step: node.name, dependency })),
  );
}

/** A dependency cycle that starts and ends at the same step: never empty. */
export type DependencyCycle = [string, ...string[]];

/**
 * One dependency cycle, in execution direction (`a -> b` means b depends on a), starting and ending
 * at its earliest-declared step, e.g. `['a', 'b', 'c', 'a']`; undefined when the graph is acyclic.
 * Unknown dependencies are ignored.
 */
export function findCycle(nodes: readonly DependencyNode[]): DependencyCycle | undefined {
  const children = childrenByName(nodes);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];

  const visit = (name: string): string[] | undefined => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const child of children.get(name) ?? []) {
      const childState = state.get(child);
      if (childState === 'visiting') return stack.slice(stack.indexOf(child));
      if (childState === undefined) {
        const cycle = visit(child);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };

  for (const { name } of nodes) {
    if (state.has(name)) continue;
    const cycle = visit(name);
    if (cycle) return closeFromEarliest(cycle, nodes);
  }
  return undefined;
}

/**
 * Kahn's algorithm that always takes the earliest-declared ready step next, so independent steps
 * keep their declaration order. Steps on or behind a cycle are left out (check {@link findCycle}
 * first); unknown dependencies are ignored.
 */
export function topologicalOrder(nodes: readonly DependencyNode[]): string[] {
  const index = declarationIndex(nodes);
  const children = childrenByName(nodes);
  const unmetParents = new Map<string, number>();
  for (const node of uniqueNodes(nodes)) {
    unmetParents.set(node.name, new Set(node.dependsOn.filter((parent) => index.has(parent))).size);
  }
  // NOTE: graphs are a few dozen steps, so a sorted array beats a heap in clarity at no real cost.
  const ready = [...unmetParents].filter(([, count]) => count === 0).map(([name]) => name);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0));
    const name = ready.shift() as string;
    order.push(name);
    for (const child of children.get(name) ?? []) {
      const remaining = (unmetParents.get(child) ?? 0) - 1;
      unmetParents.set(child, remaining);
      if (remaining === 0) ready.push(child);
    }
  }
  return order;
}

/**
 * The level of each step: 0 for a root, otherwise 1 + the highest level of its parents (the longest
 * path from any root). Keys come in topological order; steps on a cycle are absent.
 */
export function dependencyLevels(nodes: readonly DependencyNode[]): Map<string, number> {
  const parents = parentsByName(nodes);
  const levels = new Map<string, number>();
  for (const name of topologicalOrder(nodes)) {
    const parentLevels = (parents.get(name) ?? []).map((parent) => levels.get(parent) ?? 0);
    levels.set(name, parentLevels.length === 0 ? 0 : Math.max(...parentLevels) + 1);
  }
  return levels;
}

/** Steps without (known) parents, in declaration order. */
export function rootSteps(nodes: readonly DependencyNode[]): string[] {
  const parents = parentsByName(nodes);
  return uniqueNodes(nodes)
    .filter((node) => (parents.get(node.name) ?? []).length === 0)
    .map((node) => node.name);
}

/** Steps no other step depends on, in declaration order. */
export function leafSteps(nodes: readonly DependencyNode[]): string[] {
  const children = childrenByName(nodes);
  return uniqueNodes(nodes)
    .filter((node) => (children.get(node.name) ?? []).length === 0)
    .map((node) => node.name);
}

/** Every transitive parent of `step`, in topological order; empty for a root or an unknown step. */
export function ancestorsOf(nodes: readonly DependencyNode[], step: string): string[] {
  const parents = parentsByName(nodes);
  const found = new Set<string>();
  const pending = [...(parents.get(step) ?? [])];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (found.has(name) || name === step) continue;
    found.add(name);
    pending.push(...(parents.get(name) ?? []));
  }
  return topologicalOrder(nodes).filter((name) => found.has(name));
}

/** The first declaration of each name wins, as everywhere in this file. */
function uniqueNodes(nodes: readonly DependencyNode[]): DependencyNode[] {
  const seen = new Set<string>();
  return nodes.filter((node) => {
    if (seen.has(node.name)) return false;
    seen.add(node.name);
    return true;
  });
}

function declarationIndex(nodes: readonly DependencyNode[]): Map<string, number> {
  return new Map(uniqueNodes(nodes).map((node, position) => [node.name, position]));
}

/** Known, distinct parents of each step. */
function parentsByName(nodes: readonly DependencyNode[]): Map<string, string[]> {
  const index = declarationIndex(nodes);
  return new Map(
    uniqueNodes(nodes).map((node) => [node.name, [...new Set(node.dependsOn)].filter((parent) => index.has(parent))]),
  );
}

/** Distinct children of each step, in the children's declaration order. */
function childrenByName(nodes: readonly DependencyNode[]): Map<string, string[]> {
  const children = new Map<string, string[]>(uniqueNodes(nodes).map((node) => [node.name, []]));
  for (const [name, parents] of parentsByName(nodes)) {
    for (const parent of parents) children.get(parent)?.push(name);
  }
  return children;
}

/** Rotates an open cycle `[x, …, y]` (y → x closes it) to start at its earliest-declared step, then closes it. */
function closeFromEarliest(cycle: string[], nodes: readonly DependencyNode[]): DependencyCycle {
  const index = declarationIndex(nodes);
  let start = 0;
  let earliest = Number.POSITIVE_INFINITY;
  cycle.forEach((name, position) => {
    const declared = index.get(name) ?? 0;
    if (declared < earliest) {
      earliest = declared;
      start = position;
    }
  });
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  // Closing repeats the first step; an open cycle has at least one (a self-dependency is `[x]`).
  const [first] = rotated;
  if (first === undefined) throw new RangeError('a dependency cycle needs at least one step');
  return [first, ...rotated.slice(1), first];
}
