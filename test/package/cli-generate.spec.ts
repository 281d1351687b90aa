// `tasker generate task` (the package's `task` schematic) as a user runs it: the files it writes
// into a project compile against this package, its YAML template validates, and its specs pass;
// bad input is refused with a message and writes nothing.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runTaskerCli } from '../support/tasker-cli';

const execFileAsync = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** Runs node on a script of this checkout's node_modules; on failure the error carries its output. */
async function node(script: string, args: string[], cwd: string, nodeOptions?: string): Promise<string> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  if (nodeOptions !== undefined) env.NODE_OPTIONS = nodeOptions;
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [join(ROOT, 'node_modules', script), ...args], {
      cwd,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${script} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' }).sort();
}

describe('tasker generate task', () => {
  // Inside the checkout, so that the generated code resolves this checkout's node_modules.
  const project = join(ROOT, 'test', '.generated', `project-${process.pid}`);

  beforeAll(() => {
    mkdirSync(project, { recursive: true });
  });

  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
  });

  it('writes a task handler, step stubs, a module and a spec that compile and pass; --yaml a valid template', async () => {
    const classTask = await runTaskerCli(
      [
        'generate',
        'task',
        'shop/fulfil-order',
        '--steps',
        'validate,charge,ship,notify_customer',
        '--depends',
        'charge:validate,ship:charge,notify_customer:charge',
      ],
      { cwd: project },
    );
    expect(classTask).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Created src/tasks/fulfil-order/fulfil-order.task.ts',
        'Created src/tasks/fulfil-order/steps/validate.step.ts',
        'Created src/tasks/fulfil-order/steps/charge.step.ts',
        'Created src/tasks/fulfil-order/steps/ship.step.ts',
        'Created src/tasks/fulfil-order/steps/notify-customer.step.ts',
        'Created src/tasks/fulfil-order/fulfil-order.module.ts',
        'Created src/tasks/fulfil-order/fulfil-order.spec.ts',
        '',
      ].join('\n'),
    });
    const task = readFileSync(join(project, 'src/tasks/fulfil-order/fulfil-order.task.ts'), 'utf8');
    expect(task).toContain("{ name: 'notify_customer', handler: NotifyCustomerStep, dependsOn: ['charge'] },");
    expect(readFileSync(join(project, 'src/tasks/fulfil-order/steps/charge.step.ts'), 'utf8')).toContain(
      "@StepHandler('shop.fulfil-order.charge')",
    );

    const yamlTask = await runTaskerCli(
      [
        'generate',
        'task',
        'restock',
        '--steps',
        'count,order',
        '--depends',
        'order:count',
        '--yaml',
        '--path',
        'src/jobs',
      ],
      { cwd: project },
    );
    expect(yamlTask.code).toBe(0);
    expect(yamlTask.stdout).toContain('Created src/jobs/restock/restock.yaml');
    expect(yamlTask.stdout).not.toContain('restock.task.ts');
    const validated = await runTaskerCli(['validate', 'src/jobs'], { cwd: project });
    expect(validated).toEqual({ code: 0, stderr: '', stdout: '1 template(s) in 1 file(s) valid.\n' });

    // The project's TypeScript setup: this package's compiler options, `nestjs-tasker` its sources.
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.json'),
        compilerOptions: {
          noEmit: true,
          isolatedModules: true,
          rootDir: ROOT,
          types: ['node', 'jest'],
          paths: { 'nestjs-tasker': [join(ROOT, 'lib', 'index.ts')] },
        },
        include: ['src'],
      }),
    );
    await node('typescript/bin/tsc', ['-p', join(project, 'tsconfig.json')], project);

    const jestConfig = {
      rootDir: project,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: join(project, 'tsconfig.json') }] },
      moduleNameMapper: { '^nestjs-tasker$': join(ROOT, 'lib', 'index.ts') },
    };
    // The embedded database loads its WebAssembly through a dynamic import, which Jest runs only with this flag.
    const output = await node(
      'jest/bin/jest.js',
      ['--ci', '--config', JSON.stringify(jestConfig)],
      project,
      '--experimental-vm-modules',
    );
    expect(output).toMatch(/PASS src\/tasks\/fulfil-order\/fulfil-order\.spec\.ts/);
    expect(output).toMatch(/PASS src\/jobs\/restock\/restock\.spec\.ts/);
    expect(output).toMatch(/Tests: +2 passed, 2 total/);
  }, 300_000);

  it('refuses a cycle, an unknown dependency and a bad name with a message, writing nothing', async () => {
    const before = filesUnder(project);
    const cycle = await runTaskerCli(
      ['generate', 'task', 'shop/loop', '--steps', 'a,b,c', '--depends', 'b:a,c:b,a:c'],
      {
        cwd: project,
      },
    );
    expect(cycle).toEqual({ code: 1, stdout: '', stderr: 'tasker: dependency cycle a -> b -> c -> a\n' });

    const unknown = await runTaskerCli(['generate', 'task', 'shop/lost', '--steps', 'a,b', '--depends', 'b:z'], {
      cwd: project,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('tasker: step "b" depends on unknown step "z" (steps: a, b)\n');

    const badName = await runTaskerCli(['generate', 'task', 'shop/2fast', '--steps', 'a'], { cwd: project });
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('task name "2fast" is not a usable name');

    const noSteps = await runTaskerCli(['generate', 'task', 'shop/empty'], { cwd: project });
    expect(noSteps.code).toBe(2);
    expect(noSteps.stderr).toContain("required option '--steps <a,b,c>' not specified");

    expect(filesUnder(project)).toEqual(before);
  }, 120_000);
});
