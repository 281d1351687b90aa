import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildTaskDefinition } from '../../../lib/definition/build-task-definition';
import { loadYamlTemplates } from '../../../lib/definition/yaml-template.loader';
import { TaskDefinitionError } from '../../../lib/errors/task-definition.error';
import { firstOf, present } from '../../support/present';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'templates');
const valid = join(fixtures, 'valid');
const invalid = (file: string): string => join(fixtures, 'invalid', file);

/** The error loading `paths` throws; fails the test when none is thrown. */
function loadError(...paths: string[]): TaskDefinitionError {
  try {
    loadYamlTemplates(paths);
  } catch (error) {
    if (error instanceof TaskDefinitionError) return error;
    throw error;
  }
  throw new Error('expected a TaskDefinitionError');
}

describe('loadYamlTemplates: valid files', () => {
  it('reads a single-template file with every field', () => {
    const [first, ...rest] = loadYamlTemplates([join(valid, 'diamond.yaml')]);
    expect(rest).toEqual([]);
    const diamond = present(first, 'template from diamond.yaml');
    expect(diamond.source).toBe(join(valid, 'diamond.yaml'));
    expect(diamond.options).toEqual({
      namespace: 'math',
      name: 'diamond',
      version: '1.0.0',
      description: 'square, branch, join',
      contextSchema: { type: 'object', required: ['even_number'], properties: { even_number: { type: 'integer' } } },
      steps: [
        { name: 'start', handler: 'math.square' },
        { name: 'left', handler: 'math.square', dependsOn: ['start'] },
        {
          name: 'right',
          handler: 'math.square',
          dependsOn: ['start'],
          maxAttempts: 5,
          timeoutMs: 2000,
          backoff: { baseMs: 500, multiplier: 3 },
        },
        {
          name: 'join',
          handler: 'math.join',
          dependsOn: ['left', 'right'],
          retryable: false,
          config: { op: 'multiply' },
        },
      ],
    });
  });

  it('reads a directory recursively in sorted order, only *.yaml and *.yml, several documents per file', () => {
    const loaded = loadYamlTemplates([valid]);
    expect(loaded.map(({ source, options }) => [source, options.name, options.version])).toEqual([
      [join(valid, 'diamond.yaml'), 'diamond', '1.0.0'],
      [`${join(valid, 'multi.yaml')} (document 1)`, 'multi', '1.0.0'],
      [`${join(valid, 'multi.yaml')} (document 2)`, 'multi', '2.0.0'],
      [join(valid, 'nested', 'linear.yml'), 'linear', undefined],
    ]);
  });

  it('reads a file reached through two paths once', () => {
    expect(loadYamlTemplates([valid, join(valid, 'diamond.yaml'), join(valid, 'nested')])).toHaveLength(4);
  });

  it('reads nothing from no paths', () => {
    expect(loadYamlTemplates([])).toEqual([]);
  });

  it('hands buildTaskDefinition what it needs', () => {
    const linear = firstOf(loadYamlTemplates([join(valid, 'nested', 'linear.yml')]), 'template from linear.yml');
    const definition = buildTaskDefinition(linear.options, linear.source, (handler) =>
      handler === 'noop' ? 'noop' : undefined,
    );
    expect(definition.source).toBe(join(valid, 'nested', 'linear.yml'));
    expect(definition.steps.map((step) => [step.name, step.handlerName, step.position])).toEqual([
      ['first', 'noop', 0],
      ['second', 'noop', 1],
    ]);
  });

  describe('in a temporary directory', () => {
    let directory: string;
    beforeEach(() => {
      directory = mkdtempSync(join(tmpdir(), 'tasker-templates-'));
    });
    afterEach(() => rmSync(directory, { recursive: true, force: true }));

    it('survives a symlink loop and skips dot-entries', () => {
      mkdirSync(join(directory, 'sub'));
      writeFileSync(join(directory, 'sub', 'one.yaml'), 'name: one\nsteps: [{ name: s, handler: h }]\n');
      writeFileSync(join(directory, '.hidden.yaml'), 'not: a template\n');
      symlinkSync(directory, join(directory, 'sub', 'loop'));
      expect(loadYamlTemplates([directory]).map((template) => template.options.name)).toEqual(['one']);
    });

    it('sorts by name, not by creation order', () => {
      for (const name of ['c', 'a', 'b']) {
        writeFileSync(join(directory, `${name}.yaml`), `name: ${name}\nsteps: [{ name: s, handler: h }]\n`);
      }
      expect(loadYamlTemplates([directory]).map((template) => template.options.name)).toEqual(['a', 'b', 'c']);
    });

    it('reads an explicitly named file whatever its extension', () => {
      const file = join(directory, 'task.template');
      writeFileSync(file, 'name: odd\nsteps: [{ name: s, handler: h }]\n');
      expect(loadYamlTemplates([file]).map((template) => template.options.name)).toEqual(['odd']);
    });
  });
});

describe('loadYamlTemplates: invalid files', () => {
  function expectInvalid(error: TaskDefinitionError, task: string, step: string | undefined, detail: string): void {
    expect(error.problem).toBe('INVALID_TEMPLATE');
    expect(error.code).toBe('TASK_DEFINITION_INVALID_TEMPLATE');
    expect(error.task).toBe(task);
    expect(error.step).toBe(step);
    expect(error.message).toBe(
      `Invalid task definition ${task}${step === undefined ? '' : ` step "${step}"`}: ${detail}`,
    );
  }

  it('reports a path that does not exist', () => {
    const missing = join(fixtures, 'nope.yaml');
    expectInvalid(loadError(valid, missing), missing, undefined, `no such file or directory (resolved to ${missing})`);
  });

  it('reports a file that is not YAML', () => {
    const error = loadError(invalid('broken.yaml'));
    expect(error).toMatchObject({ problem: 'INVALID_TEMPLATE', task: invalid('broken.yaml'), step: undefined });
    expect(error.message).toMatch(/^Invalid task definition .*broken\.yaml: is not valid YAML: .*at line 5, column 1$/);
  });

  it('reports a duplicate key as invalid YAML', () => {
    expect(loadError(invalid('duplicate-key.yaml')).message).toMatch(
      /is not valid YAML: Map keys must be unique at line 2/,
    );
  });

  it('reports a file without a template', () => {
    expectInvalid(
      loadError(invalid('empty.yaml')),
      invalid('empty.yaml'),
      undefined,
      'holds no template (it is empty or only comments)',
    );
  });

  it('reports a file whose document is a list', () => {
    expectInvalid(
      loadError(invalid('list.yaml')),
      invalid('list.yaml'),
      undefined,
      'a template must be a mapping of template fields (got a list)',
    );
  });

  it('reports a missing required field', () => {
    expectInvalid(
      loadError(invalid('missing-name.yaml')),
      invalid('missing-name.yaml'),
      undefined,
      "template must have required property 'name'",
    );
  });

  it('reports a typo in a top-level field, with every problem', () => {
    expectInvalid(
      loadError(invalid('top-level-typo.yaml')),
      invalid('top-level-typo.yaml'),
      undefined,
      'template must have required property \'steps\'; template has unknown property "step"',
    );
  });

  it('reports a typo in a step option and names the step', () => {
    expectInvalid(
      loadError(invalid('step-typo.yaml')),
      invalid('step-typo.yaml'),
      'second',
      '/steps/1 has unknown property "maxAttempt"',
    );
  });

  it('reports a wrong type with its JSON path and names the step', () => {
    expectInvalid(
      loadError(invalid('wrong-type.yaml')),
      invalid('wrong-type.yaml'),
      'second',
      '/steps/1/maxAttempts must be integer',
    );
  });

  it('names the document of a multi-document file', () => {
    const file = invalid('second-document-bad.yaml');
    expectInvalid(loadError(file), `${file} (document 2)`, 'only', '/steps/0/retryable must be boolean');
  });

  it('leaves the graph to buildTaskDefinition', () => {
    const cycle = firstOf(loadYamlTemplates([invalid('cycle.yaml')]), 'template from cycle.yaml');
    expect(() => buildTaskDefinition(cycle.options, cycle.source, () => 'noop')).toThrow(
      `Invalid task definition default/cycle@0.1.0 step "a": dependency cycle a -> b -> c -> a (source: ${invalid('cycle.yaml')})`,
    );
  });
});
