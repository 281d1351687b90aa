import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { buildTaskDefinition } from '../../lib/definition/build-task-definition';
import { findUnknownDependencies } from '../../lib/definition/dependency-graph';
import { isRecord } from '../../lib/definition/is-record';
import { taskKey } from '../../lib/definition/task-definition';
import { TASK_TEMPLATE_SCHEMA } from '../../lib/definition/task-template.schema';
import { describeTemplateError, type YamlTaskTemplate } from '../../lib/definition/yaml-template.loader';
import { TaskDefinitionError } from '../../lib/errors/task-definition.error';

/** One problem of a template file, where it is (1-based line and column). */
export interface TemplateProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** A template that passed every check, for the cross-file check of task names. */
export interface ValidTemplate {
  key: string;
  file: string;
  line: number;
  col: number;
}

/** What checking one file found. */
export interface FileCheck {
  problems: TemplateProblem[];
  templates: ValidTemplate[];
}

type Path = ReadonlyArray<string | number>;

/**
 * Checks a YAML template file as Tasker does at boot (`loadYamlTemplates`, then
 * `buildTaskDefinition` for values and the DAG), but reports each problem at its line and column.
 * Step handlers are not checked: they are classes of the app, unknown here.
 */
export function checkTemplateFile(file: string): FileCheck {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [{ file, line: 1, col: 1, message: `cannot be read: ${messageOf(error)}` }], templates: [] };
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  const problems: TemplateProblem[] = [];
  const templates: ValidTemplate[] = [];
  const at = (offset: number, message: string): TemplateProblem => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col, message };
  };
  let documentsWithValues = 0;
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile<YamlTaskTemplate>(TASK_TEMPLATE_SCHEMA);
  for (const document of documents) {
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const [summary = ''] = error.message.split('\n', 1);
        // The position is this problem's own; the message's "at line n, column m" would repeat it.
        const text = summary.replace(/:$/, '').replace(/ at line \d+, column \d+$/, '');
        problems.push(at(error.pos[0], `invalid YAML: ${text}`));
      }
      continue;
    }
    const value: unknown = document.toJS();
    // NOTE: a trailing `---` or a comment-only document has no value; Tasker skips it too.
    if (value === null || value === undefined) continue;
    documentsWithValues += 1;
    const start = document.contents?.range?.[0] ?? 0;
    if (!isRecord(value)) {
      problems.push(at(start, `a template must be a mapping of template fields (got ${kindOf(value)})`));
      continue;
    }
    if (!validate(value)) {
      for (const error of validate.errors ?? [])
        problems.push(at(schemaErrorOffset(document, error), describeTemplateError(error)));
      continue;
    }
    try {
      const definition = buildTaskDefinition(value, file, (handler) =>
        typeof handler === 'string' ? handler : undefined,
      );
      const { line, col } = lineCounter.linePos(start);
      templates.push({ key: taskKey(definition.namespace, definition.name, definition.version), file, line, col });
    } catch (error) {
      if (!(error instanceof TaskDefinitionError)) throw error;
      const message = error.message.replace(/ \(source: [^)]*\)$/, '');
      problems.push(at(definitionErrorOffset(document, value, error) ?? start, message));
    }
  }
  if (documentsWithValues === 0 && problems.length === 0) {
    problems.push(at(0, 'holds no template (it is empty or only comments)'));
  }
  return { problems, templates };
}

/** Where a schema error points: the unknown key itself, else the value at its path, else its nearest parent. */
function schemaErrorOffset(document: Document, error: ErrorObject): number {
  const path = pathOf(error.instancePath);
  const params: Record<string, unknown> = error.params;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    const key = keyOffset(document, path, params.additionalProperty);
    if (key !== undefined) return key;
  }
  return nearestOffset(document, path);
}

/** Where a definition error points: the unknown dependency, the step's `dependsOn`, its name, or the step. */
function definitionErrorOffset(
  document: Document,
  template: YamlTaskTemplate,
  error: TaskDefinitionError,
): number | undefined {
  if (error.step === undefined || !Array.isArray(template.steps)) return undefined;
  const index = template.steps.findIndex((step) => step.name === error.step);
  if (index < 0) return undefined;
  const steps = template.steps.map((step) => ({ name: step.name, dependsOn: step.dependsOn ?? [] }));
  switch (error.problem) {
    case 'UNKNOWN_DEPENDENCY': {
      const [unknown] = findUnknownDependencies(steps.slice(index, index + 1));
      const at = unknown === undefined ? -1 : (template.steps[index]?.dependsOn ?? []).indexOf(unknown.dependency);
      return nearestOffset(document, ['steps', index, 'dependsOn', ...(at < 0 ? [] : [at])]);
    }
    case 'DEPENDENCY_CYCLE':
      return nearestOffset(document, ['steps', index, 'dependsOn']);
    case 'DUPLICATE_STEP_NAME': {
      const second = steps.findIndex((step, position) => position > index && step.name === error.step);
      return nearestOffset(document, ['steps', second < 0 ? index : second, 'name']);
    }
    default:
      return nearestOffset(document, ['steps', index]);
  }
}

/** The start of the node at `path`, or of its nearest ancestor that exists. */
function nearestOffset(document: Document, path: Path): number {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = nodeAt(document, path.slice(0, length));
    if (node?.range) return node.range[0];
  }
  return 0;
}

/** The start of key `name` in the mapping at `path`. */
function keyOffset(document: Document, path: Path, name: string): number | undefined {
  const map = nodeAt(document, path);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === name);
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

function nodeAt(document: Document, path: Path): Node | undefined {
  let node: unknown = document.contents;
  for (const segment of path) {
    if (isMap(node)) node = node.get(segment, true);
    else if (isSeq(node) && typeof segment === 'number') node = node.get(segment, true);
    else return undefined;
  }
  return isNode(node) ? node : undefined;
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value);
}

/** A JSON pointer (`/steps/1/name`) as path segments, array indexes as numbers. */
function pathOf(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : `a ${typeof value}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
