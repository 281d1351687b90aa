import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

import type { ErrorObject } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { parseAllDocuments } from 'yaml';

import { TaskDefinitionError } from '../errors/task-definition.error';
import type { StepTemplate, TaskHandlerOptions } from '../interfaces/task-handler-options.interface';
import { isRecord } from './is-record';
import { TASK_TEMPLATE_SCHEMA } from './task-template.schema';

/** A task template as a YAML file holds it: step handlers are registered names. */
export interface YamlTaskTemplate extends Omit<TaskHandlerOptions, 'steps'> {
  steps: Array<StepTemplate & { handler: string }>;
}

/** One template read from YAML, ready for `buildTaskDefinition(options, source, …)`. */
export interface LoadedTemplate {
  options: YamlTaskTemplate;
  /** The file, with ` (document n)` when the file holds several templates. */
  source: string;
}

const YAML_EXTENSIONS = new Set(['.yaml', '.yml']);

/**
 * Reads YAML task templates. Each path is a file (read whatever its extension) or a directory
 * (every `*.yaml`/`*.yml` below it, recursively, in sorted path order; dot-entries skipped). A file
 * holds one template (a mapping), or several as YAML documents separated by `---`. Each template is
 * checked against {@link TASK_TEMPLATE_SCHEMA}; the values themselves are checked later by
 * `buildTaskDefinition`. A file reached through two paths is read once.
 *
 * @throws TaskDefinitionError `INVALID_TEMPLATE` naming the file (and the step when the problem is
 *   inside one) for a missing path, an unreadable file, invalid YAML or a template that does not
 *   match the schema (messages carry the JSON path, e.g. `/steps/1/maxAttempts must be integer`).
 */
export function loadYamlTemplates(paths: readonly string[]): LoadedTemplate[] {
  // Compiled per call, not per module: no state may outlive a TaskerModule instance.
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile<YamlTaskTemplate>(TASK_TEMPLATE_SCHEMA);
  const templates: LoadedTemplate[] = [];
  for (const file of templateFiles(paths)) {
    const documents = readDocuments(file);
    documents.forEach((document, index) => {
      const source = documents.length === 1 ? file : `${file} (document ${index + 1})`;
      if (!isRecord(document)) {
        throw invalid(source, undefined, `a template must be a mapping of template fields (got ${kindOf(document)})`);
      }
      if (!validate(document)) {
        const errors = validate.errors ?? [];
        const message = [...new Set(errors.map(describeTemplateError))].join('; ');
        throw invalid(source, stepOf(document, errors[0]), message);
      }
      templates.push({ options: document, source });
    });
  }
  return templates;
}

/** Files named by `paths`, directories expanded; each real file once. */
function templateFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    const real = realpathSync(file);
    if (seen.has(real)) return;
    seen.add(real);
    files.push(file);
  };
  const walk = (directory: string, visited: Set<string>): void => {
    const real = realpathSync(directory);
    if (visited.has(real)) return; // NOTE: a symlink loop would otherwise recurse forever.
    visited.add(real);
    for (const entry of readdirSync(directory).sort()) {
      if (entry.startsWith('.')) continue;
      const path = join(directory, entry);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats?.isDirectory()) walk(path, visited);
      else if (stats?.isFile() && YAML_EXTENSIONS.has(extname(entry).toLowerCase())) add(path);
    }
  };
  for (const path of paths) {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) throw invalid(path, undefined, `no such file or directory (resolved to ${resolve(path)})`);
    if (stats.isDirectory()) walk(path, new Set());
    else add(path);
  }
  return files;
}

/** The non-empty YAML documents of a file, as plain JavaScript values. */
function readDocuments(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw invalid(file, undefined, `cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const documents = parseAllDocuments(text);
  const values: unknown[] = [];
  for (const document of documents) {
    const [error] = document.errors;
    // The first line says what and where; the rest is a code excerpt that clutters a boot log.
    if (error !== undefined) {
      const [summary = ''] = error.message.split('\n', 1);
      throw invalid(file, undefined, `is not valid YAML: ${summary.replace(/:$/, '')}`);
    }
    // NOTE: a trailing `---` or a comment-only file yields a document whose value is null.
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  if (values.length === 0) throw invalid(file, undefined, 'holds no template (it is empty or only comments)');
  return values;
}

/** One schema error of a template in words, e.g. `/steps/1 has unknown property "maxAttempt"`. */
export function describeTemplateError(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'template' : error.instancePath;
  const params: Record<string, unknown> = error.params;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return `${where} has unknown property "${params.additionalProperty}"`;
  }
  return `${where} ${error.message ?? `fails "${error.keyword}"`}`;
}

/** The name of the step an error points into, when it points into one that has a name. */
function stepOf(template: Record<string, unknown>, error: ErrorObject | undefined): string | undefined {
  const match = /^\/steps\/(\d+)(?:\/|$)/.exec(error?.instancePath ?? '');
  if (match === null || !Array.isArray(template.steps)) return undefined;
  const step: unknown = template.steps[Number(match[1])];
  return isRecord(step) && typeof step.name === 'string' && step.name !== '' ? step.name : undefined;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : `a ${typeof value}`;
}

function invalid(file: string, step: string | undefined, detail: string): TaskDefinitionError {
  return new TaskDefinitionError('INVALID_TEMPLATE', file, step, detail);
}
