import type { ErrorObject } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';

import { isRecord } from './is-record';

/** Checks a task context; returns one human message per problem (empty when valid). */
export type ContextValidator = (context: unknown) => string[];

/**
 * Compiles a task's `contextSchema` (JSON Schema draft 2020-12) once into a {@link ContextValidator}.
 * Whatever the schema, a context must be an object. Messages name the field, e.g.
 * `context.even_number must be integer` or `context must have required property 'even_number'`.
 * Without a schema only the object check applies.
 *
 * @throws Error (Ajv's) when the schema does not compile; `buildTaskDefinition` reports that as a
 * `TaskDefinitionError` at boot, so a registered definition always compiles.
 */
export function compileContextValidator(schema: Record<string, unknown> | undefined): ContextValidator {
  if (schema === undefined) return (context) => (isRecord(context) ? [] : ['context must be an object']);
  // One Ajv per schema: two versions of a task often share a schema `$id`, which one shared
  // instance would refuse, and no module-level state may outlive a TaskerModule.
  const ajv = new Ajv2020({
    allErrors: true,
    // User schemas are valid JSON Schema that strict mode would refuse at boot: annotation keywords
    // such as `example` or `x-…` (OpenAPI habits), `required` without `type: object`. The spec says
    // unknown keywords are ignored, so we follow the spec rather than Ajv's linting.
    strict: false,
    // 2020-12 makes `format` an annotation by default, and ajv-formats is not a dependency: without
    // this every `format` would be an "unknown format" error or warning.
    validateFormats: false,
    logger: false,
  });
  if (schema.$async === true) throw new Error('an $async schema cannot validate a context synchronously');
  const validate = ajv.compile(schema);
  return (context) => {
    if (!isRecord(context)) return ['context must be an object'];
    if (validate(context)) return [];
    return [...new Set((validate.errors ?? []).map(describeError))];
  };
}

function describeError(error: ErrorObject): string {
  const where = instancePathToField(error.instancePath);
  const message = error.message ?? `must pass "${error.keyword}"`;
  const params: Record<string, unknown> = error.params;
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    const property = params.additionalProperty ?? params.unevaluatedProperty;
    if (typeof property === 'string') return `${where} must NOT have additional property '${property}'`;
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `${where} ${message}: ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return `${where} ${message}`;
}

/** `/items/0/first name` → `context.items[0]["first name"]` (JSON Pointer escapes undone). */
export function instancePathToField(instancePath: string): string {
  if (instancePath === '') return 'context';
  const segments = instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  return segments.reduce((path, segment) => {
    if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
    if (/^[A-Za-z_$][\w$]*$/.test(segment)) return `${path}.${segment}`;
    return `${path}[${JSON.stringify(segment)}]`;
  }, 'context');
}
