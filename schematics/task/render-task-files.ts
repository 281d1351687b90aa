import type { StepSpec, TaskSpec } from './task-spec';

/** One file the schematic writes: its path (relative to the project root) and content. */
export interface GeneratedFile {
  path: string;
  content: string;
}

const q = (text: string): string => `'${text}'`;

function after(step: StepSpec): string {
  return step.dependsOn.length === 0 ? 'a root step' : `after ${step.dependsOn.join(', ')}`;
}

function stepFile(spec: TaskSpec, step: StepSpec): GeneratedFile {
  const parents =
    step.dependsOn.length === 0
      ? '    // The task context is ctx.task.context.'
      : `    // Results of the steps it runs after: ${step.dependsOn.map((parent) => `ctx.result(${q(parent)})`).join(', ')}.`;
  return {
    path: `${spec.directory}/steps/${step.fileName}.step.ts`,
    content: `import { StepHandler, type StepContext, type StepHandlerContract } from 'nestjs-tasker';

/** Step "${step.name}" of ${spec.namespace}/${spec.name} (${after(step)}). */
@StepHandler(${q(step.handlerName)})
export class ${step.className} implements StepHandlerContract {
  process(ctx: StepContext): Record<string, unknown> {
    // TODO: the work of step "${step.name}". What it returns is its result, read by the steps after it.
${parents}
    return { step: ctx.step.name };
  }
}
`,
  };
}

function stepImports(spec: TaskSpec): string {
  return spec.steps.map((step) => `import { ${step.className} } from './steps/${step.fileName}.step';`).join('\n');
}

function taskFile(spec: TaskSpec): GeneratedFile {
  const steps = spec.steps.map((step) => {
    const dependsOn = step.dependsOn.length === 0 ? '' : `, dependsOn: [${step.dependsOn.map(q).join(', ')}]`;
    return `    { name: ${q(step.name)}, handler: ${step.className}${dependsOn} },`;
  });
  return {
    path: `${spec.directory}/${spec.fileName}.task.ts`,
    content: `import { TaskHandler } from 'nestjs-tasker';
${stepImports(spec)}

/** The ${spec.namespace}/${spec.name} task: its steps and the order they run in. */
@TaskHandler({
  namespace: ${q(spec.namespace)},
  name: ${q(spec.name)},
  version: '0.1.0',
  steps: [
${steps.join('\n')}
  ],
})
export class ${spec.baseClassName}Task {}
`,
  };
}

function yamlFile(spec: TaskSpec): GeneratedFile {
  const steps = spec.steps.map((step) => {
    const lines = [`  - name: ${JSON.stringify(step.name)}`, `    handler: ${JSON.stringify(step.handlerName)}`];
    if (step.dependsOn.length > 0)
      lines.push(`    dependsOn: [${step.dependsOn.map((parent) => JSON.stringify(parent)).join(', ')}]`);
    return lines.join('\n');
  });
  return {
    path: `${spec.directory}/${spec.fileName}.yaml`,
    content: `# The ${spec.namespace}/${spec.name} task. List this file (or its directory) in TaskerModule's \`templates\` option;
# its step handlers are registered by ${spec.fileName}.module.ts.
namespace: ${JSON.stringify(spec.namespace)}
name: ${JSON.stringify(spec.name)}
version: "0.1.0"
steps:
${steps.join('\n')}
`,
  };
}

function moduleFile(spec: TaskSpec): GeneratedFile {
  const providers = [...(spec.yaml ? [] : [`${spec.baseClassName}Task`]), ...spec.steps.map((step) => step.className)];
  const taskImport = spec.yaml ? '' : `import { ${spec.baseClassName}Task } from './${spec.fileName}.task';\n`;
  const where = spec.yaml
    ? `Its DAG is ${spec.fileName}.yaml: list it in TaskerModule's \`templates\` option.`
    : 'Import it in a module of the app that imports TaskerModule.';
  return {
    path: `${spec.directory}/${spec.fileName}.module.ts`,
    content: `import { Module } from '@nestjs/common';
${taskImport}${stepImports(spec)}

/** The handlers of the ${spec.namespace}/${spec.name} task. ${where} */
@Module({
  providers: [${providers.join(', ')}],
})
export class ${spec.baseClassName}Module {}
`,
  };
}

function specFile(spec: TaskSpec, suffix: string): GeneratedFile {
  const templates = spec.yaml ? `, templates: join(__dirname, '${spec.fileName}.yaml')` : '';
  const statuses = spec.steps.map(() => `'complete'`).join(', ');
  return {
    path: `${spec.directory}/${spec.fileName}.${suffix}.ts`,
    content: `${spec.yaml ? "import { join } from 'node:path';\n" : ''}import { Test, type TestingModule } from '@nestjs/testing';
import { TaskerModule, TaskerService } from 'nestjs-tasker';
import { ${spec.baseClassName}Module } from './${spec.fileName}.module';

/** Starting the embedded database takes seconds on a busy machine: more than Jest's default 5 s. */
const BOOT_TIMEOUT_MS = 60_000;

describe('${spec.namespace}/${spec.name}', () => {
  let app: TestingModule | undefined;
  let tasker: TaskerService;

  beforeAll(async () => {
    // The embedded database (in memory) and an in-process worker: no server needed. Jest must run
    // with NODE_OPTIONS=--experimental-vm-modules, which the embedded database's loader needs.
    app = await Test.createTestingModule({
      imports: [TaskerModule.forRoot({ http: { enabled: false }${templates} }), ${spec.baseClassName}Module],
    }).compile();
    await app.init();
    tasker = app.get(TaskerService);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
  });

  it('runs every step to completion', async () => {
    const task = await tasker.createTask({ namespace: '${spec.namespace}', name: '${spec.name}', context: {} });
    const done = await tasker.waitForTask(task.id, { timeoutMs: 30_000 });
    expect(done.status).toBe('complete');
    expect(done.steps.map((step) => step.status)).toEqual([${statuses}]);
  }, BOOT_TIMEOUT_MS);
});
`,
  };
}

/** Every file of the generated task, in the order they are written. */
export function renderTaskFiles(spec: TaskSpec): GeneratedFile[] {
  return [
    spec.yaml ? yamlFile(spec) : taskFile(spec),
    ...spec.steps.map((step) => stepFile(spec, step)),
    moduleFile(spec),
    ...(spec.specSuffix === undefined ? [] : [specFile(spec, spec.specSuffix)]),
  ];
}
