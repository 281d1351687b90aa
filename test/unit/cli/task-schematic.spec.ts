import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchematicTestRunner } from '@angular-devkit/schematics/testing';
import { Tree } from '@angular-devkit/schematics';
import { checkTemplateFile } from '../../../cli/validate/template-problems';
import { taskSpec, TaskSpecError } from '../../../schematics/task/task-spec';

const COLLECTION = join(__dirname, '..', '..', '..', 'schematics', 'collection.json');

describe('the task schematic', () => {
  const runner = new SchematicTestRunner('nestjs-tasker', COLLECTION);

  it('writes the task, a stub per step, the module and the spec, with the DAG in the decorator', async () => {
    const tree = await runner.runSchematic('task', { name: 'shop/fulfil', steps: 'a,b,c', depends: 'b:a,c:a,c:b' });
    expect(tree.files.sort()).toEqual(
      [
        '/src/tasks/fulfil/fulfil.task.ts',
        '/src/tasks/fulfil/steps/a.step.ts',
        '/src/tasks/fulfil/steps/b.step.ts',
        '/src/tasks/fulfil/steps/c.step.ts',
        '/src/tasks/fulfil/fulfil.module.ts',
        '/src/tasks/fulfil/fulfil.spec.ts',
      ].sort(),
    );
    const task = tree.readText('/src/tasks/fulfil/fulfil.task.ts');
    expect(task).toContain("namespace: 'shop',\n  name: 'fulfil',");
    expect(task).toContain("{ name: 'c', handler: CStep, dependsOn: ['a', 'b'] },");
    expect(tree.readText('/src/tasks/fulfil/fulfil.module.ts')).toContain(
      'providers: [FulfilTask, AStep, BStep, CStep]',
    );
  });

  it('takes the Nest CLI options: sourceRoot, flat, spec false, a spec suffix', async () => {
    const tree = await runner.runSchematic('task', {
      name: 'report',
      steps: 'collect',
      sourceRoot: 'apps/api/src',
      flat: true,
      spec: false,
      language: 'ts',
      skipImport: true,
      collection: 'nestjs-tasker',
    });
    expect(tree.files.sort()).toEqual([
      '/apps/api/src/tasks/report.module.ts',
      '/apps/api/src/tasks/report.task.ts',
      '/apps/api/src/tasks/steps/collect.step.ts',
    ]);
    const suffixed = await runner.runSchematic('task', { name: 'report', steps: 'collect', specFileSuffix: 'test' });
    expect(suffixed.exists('/src/tasks/report/report.test.ts')).toBe(true);
  });

  it('refuses to overwrite an existing file, writing nothing', async () => {
    const existing = Tree.empty();
    existing.create('/src/tasks/fulfil/steps/b.step.ts', 'mine');
    await expect(runner.runSchematic('task', { name: 'shop/fulfil', steps: 'a,b' }, existing)).rejects.toThrow(
      'would overwrite src/tasks/fulfil/steps/b.step.ts',
    );
    expect(existing.exists('/src/tasks/fulfil/fulfil.task.ts')).toBe(false);
    expect(existing.readText('/src/tasks/fulfil/steps/b.step.ts')).toBe('mine');
  });

  it('writes a YAML template that the validator accepts', async () => {
    const tree = await runner.runSchematic('task', { name: 'null', steps: 'true,no', depends: 'no:true', yaml: true });
    const yaml = tree.readText('/src/tasks/null/null.yaml');
    expect(yaml).toContain('  - name: "no"\n    handler: "default.null.no"\n    dependsOn: ["true"]');
    expect(tree.exists('/src/tasks/null/null.task.ts')).toBe(false);
    // Quoted names stay strings: a step named "no" or "true" is not read as a boolean.
    const file = join(__dirname, 'generated.yaml');
    writeFileSync(file, yaml);
    try {
      expect(checkTemplateFile(file).problems).toEqual([]);
    } finally {
      rmSync(file);
    }
  });
});

describe('taskSpec', () => {
  const refusal = (options: Parameters<typeof taskSpec>[0]): string => {
    try {
      taskSpec(options);
    } catch (error) {
      if (error instanceof TaskSpecError) return error.message;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('refuses bad names, bad pairs, unknown steps, self dependencies and cycles', () => {
    expect(refusal({ name: 'a/b/c', steps: 'x' })).toBe('task "a/b/c" must be name or namespace/name');
    expect(refusal({ name: 'shop/9lives', steps: 'x' })).toContain('task name "9lives" is not a usable name');
    expect(refusal({ name: 'sh op/x', steps: 'x' })).toContain('namespace "sh op" is not a usable name');
    expect(refusal({ name: 'x', steps: 'a,a' })).toBe('step "a" is listed more than once in --steps');
    expect(refusal({ name: 'x', steps: 'a-b,a_b' })).toBe('steps "a-b" and "a_b" would both be class ABStep');
    expect(refusal({ name: 'x', steps: '' })).toContain('no steps: pass --steps a,b,c');
    expect(refusal({ name: 'x', steps: 'a,b', depends: 'b-a' })).toBe(
      '--depends "b-a" is not step:parent (e.g. charge:validate)',
    );
    expect(refusal({ name: 'x', steps: 'a,b', depends: 'z:a' })).toBe(
      '--depends "z:a": "z" is not one of the steps (a, b)',
    );
    expect(refusal({ name: 'x', steps: 'a,b', depends: 'a:a' })).toBe('step "a" depends on itself');
    expect(refusal({ name: 'x', steps: 'a,b', depends: 'b:q' })).toBe(
      'step "b" depends on unknown step "q" (steps: a, b)',
    );
    expect(refusal({ name: 'x', steps: 'a,b,c', depends: 'a:c,b:a,c:b' })).toBe('dependency cycle a -> b -> c -> a');
    expect(refusal({ name: 'x', steps: 'a', language: 'js' })).toBe(
      'only TypeScript projects are supported (language "js")',
    );
  });

  it('derives file and class names', () => {
    const spec = taskSpec({
      name: 'billing/monthlyInvoice',
      steps: ['load_accounts', 'send-mail'],
      depends: ['send-mail:load_accounts'],
    });
    expect([spec.baseClassName, spec.fileName, spec.directory]).toEqual([
      'MonthlyInvoice',
      'monthly-invoice',
      'src/tasks/monthly-invoice',
    ]);
    expect(spec.steps.map((step) => [step.className, step.fileName, step.handlerName, step.dependsOn])).toEqual([
      ['LoadAccountsStep', 'load-accounts', 'billing.monthlyInvoice.load_accounts', []],
      ['SendMailStep', 'send-mail', 'billing.monthlyInvoice.send-mail', ['load_accounts']],
    ]);
  });
});
