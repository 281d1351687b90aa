import {
  findCycle,
  findDuplicateNames,
  findSelfDependencies,
  findUnknownDependencies,
} from '../../lib/definition/dependency-graph';
import type { TaskSchematicOptions } from './task-options';

/** One step of the task to generate, with the names its files and classes get. */
export interface StepSpec {
  name: string;
  dependsOn: string[];
  /** `DoThingStep` */
  className: string;
  /** `do-thing` */
  fileName: string;
  /** The name it is registered under: `namespace.task.step`. */
  handlerName: string;
}

/** The task to generate, checked: names usable as files and classes, an acyclic DAG. */
export interface TaskSpec {
  namespace: string;
  name: string;
  /** `FulfilOrder` */
  baseClassName: string;
  /** `fulfil-order` */
  fileName: string;
  steps: StepSpec[];
  yaml: boolean;
  /** Directory the files go into, relative to the project root. */
  directory: string;
  /** Spec file suffix (`spec`), or undefined for no spec. */
  specSuffix: string | undefined;
}

/** Bad options: the schematic refuses them with this message and writes nothing. */
export class TaskSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskSpecError';
  }
}

/** A name that makes a file name and, in PascalCase, a class name. */
const NAME = /^[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*$/;

function checkName(kind: string, value: string): string {
  if (!NAME.test(value)) {
    throw new TaskSpecError(
      `${kind} "${value}" is not a usable name: start with a letter, then letters, digits and single - or _ (e.g. charge-card)`,
    );
  }
  return value;
}

/** `charge-card` / `charge_card` / `chargeCard` -> `ChargeCard`. */
export function pascalCase(name: string): string {
  return name
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** `ChargeCard` / `charge_card` -> `charge-card`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replaceAll('_', '-')
    .toLowerCase();
}

function list(value: string | string[] | undefined): string[] {
  const items = Array.isArray(value) ? value.flatMap((item) => item.split(',')) : (value ?? '').split(',');
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** The parents of each step from `step:parent` pairs. */
function parseDepends(pairs: readonly string[], steps: ReadonlySet<string>): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const pair of pairs) {
    const match = /^([^:]+):([^:]+)$/.exec(pair);
    if (match === null) throw new TaskSpecError(`--depends "${pair}" is not step:parent (e.g. charge:validate)`);
    const [, step = '', parent = ''] = match;
    if (!steps.has(step))
      throw new TaskSpecError(`--depends "${pair}": "${step}" is not one of the steps (${[...steps].join(', ')})`);
    const known = parents.get(step) ?? [];
    if (!known.includes(parent)) known.push(parent);
    parents.set(step, known);
  }
  return parents;
}

/** Checks the schematic's options and derives every name the generated files use. */
export function taskSpec(options: TaskSchematicOptions): TaskSpec {
  if (options.language !== undefined && options.language !== 'ts') {
    throw new TaskSpecError(`only TypeScript projects are supported (language "${options.language}")`);
  }
  const parts = (options.name ?? '').split('/');
  if (parts.length > 2 || options.name === '')
    throw new TaskSpecError(`task "${options.name}" must be name or namespace/name`);
  const [namespace, name] = parts.length === 2 ? [parts[0] ?? '', parts[1] ?? ''] : ['default', parts[0] ?? ''];
  checkName('namespace', namespace);
  checkName('task name', name);

  const stepNames = list(options.steps);
  if (stepNames.length === 0) {
    throw new TaskSpecError(
      'no steps: pass --steps a,b,c (the Nest CLI does not forward --steps: answer its prompt or use `npx tasker generate task`)',
    );
  }
  for (const step of stepNames) checkName('step', step);
  const [duplicate] = findDuplicateNames(stepNames.map((step) => ({ name: step, dependsOn: [] })));
  if (duplicate !== undefined) throw new TaskSpecError(`step "${duplicate}" is listed more than once in --steps`);
  const classes = new Map<string, string>();
  for (const step of stepNames) {
    const className = pascalCase(step);
    const earlier = classes.get(className);
    if (earlier !== undefined)
      throw new TaskSpecError(`steps "${earlier}" and "${step}" would both be class ${className}Step`);
    classes.set(className, step);
  }

  const parents = parseDepends(list(options.depends), new Set(stepNames));
  const nodes = stepNames.map((step) => ({ name: step, dependsOn: parents.get(step) ?? [] }));
  const [selfDependent] = findSelfDependencies(nodes);
  if (selfDependent !== undefined) throw new TaskSpecError(`step "${selfDependent}" depends on itself`);
  const [unknown] = findUnknownDependencies(nodes);
  if (unknown !== undefined) {
    throw new TaskSpecError(
      `step "${unknown.step}" depends on unknown step "${unknown.dependency}" (steps: ${stepNames.join(', ')})`,
    );
  }
  const cycle = findCycle(nodes);
  if (cycle !== undefined) throw new TaskSpecError(`dependency cycle ${cycle.join(' -> ')}`);

  const fileName = kebabCase(name);
  const base = options.path ?? `${options.sourceRoot ?? 'src'}/tasks`;
  return {
    namespace,
    name,
    baseClassName: pascalCase(name),
    fileName,
    steps: nodes.map((node) => ({
      ...node,
      className: `${pascalCase(node.name)}Step`,
      fileName: kebabCase(node.name),
      handlerName: `${namespace}.${name}.${node.name}`,
    })),
    yaml: options.yaml === true,
    directory: options.flat === true ? base : `${base}/${fileName}`,
    specSuffix: options.spec === false ? undefined : (options.specFileSuffix ?? 'spec'),
  };
}
