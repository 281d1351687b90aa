/**
 * JSON Schema (draft 2020-12) of one YAML task template: the fields of `TaskHandlerOptions`, with
 * `handler` as a registered step handler name. It checks shape and types only (and catches typos
 * through `additionalProperties: false`); values such as semver, `maxAttempts >= 1` or the
 * dependency graph are checked by `buildTaskDefinition`, for YAML and decorators alike.
 */
export const TASK_TEMPLATE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://nestjs-tasker/task-template.schema.json',
  title: 'Tasker task template',
  type: 'object',
  required: ['name', 'steps'],
  additionalProperties: false,
  properties: {
    namespace: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
    version: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    contextSchema: { type: 'object' },
    steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
  },
  $defs: {
    step: {
      type: 'object',
      required: ['name', 'handler'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1 },
        handler: { type: 'string', minLength: 1 },
        dependsOn: { type: 'array', items: { type: 'string', minLength: 1 } },
        retryable: { type: 'boolean' },
        maxAttempts: { type: 'integer' },
        timeoutMs: { type: 'integer' },
        backoff: {
          type: 'object',
          additionalProperties: false,
          properties: {
            baseMs: { type: 'number' },
            multiplier: { type: 'number' },
            maxMs: { type: 'number' },
            jitter: { type: 'number' },
          },
        },
        config: { type: 'object' },
        description: { type: 'string' },
      },
    },
  },
} as const;
