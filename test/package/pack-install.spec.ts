// What a user gets from `npm pack` (and so from npm publish): a tarball built from a clean copy of the
// project, installed into a fresh Nest app next to the peers at this project's locked versions, must
// compile against its type declarations, run a task on the embedded database and serve the dashboard.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { firstOf } from '../support/present';

const execFileAsync = promisify(execFile);

const ROOT = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
/** What the scratch app depends on besides the tarball: a typical Nest + TypeORM + PostgreSQL app. */
const APP_DEPENDENCIES = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/platform-express',
  'typeorm',
  '@nestjs/typeorm',
  'pg',
  'reflect-metadata',
  'rxjs',
];
/** Not part of a clean checkout: build output, installs and local state. */
const NOT_IN_A_CHECKOUT = new Set(['node_modules', 'dist', '.git', '.tasker-data', 'coverage']);

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

/** Runs a command; on failure the error names it and carries its output. */
async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stderr ?? ''}\n${stdout ?? ''}`);
  }
}

/** The test's environment without what would leak into the children (jest's flags, the test database). */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.DATABASE_URL;
  return env;
}

function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`package-lock.json pins no version of ${name}`);
  return version;
}

describe('the packed package in a fresh Nest app', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tasker-pack-'));
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  // Build, pack, install, compile and run: the install takes the longest (mermaid, for the dashboard's
  // diagrams, brings some 130 packages), and longer still on a loaded machine.
  it('packs the built library and runs a task from it', async () => {
    // 1. A clean copy of the project (no dist/), sharing this checkout's node_modules for the build.
    const source = join(work, 'source');
    cpSync(ROOT, source, {
      recursive: true,
      filter: (path) => {
        const inside = relative(ROOT, path);
        return !NOT_IN_A_CHECKOUT.has(firstOf(inside.split(sep), 'path segment')) && !inside.endsWith('.tgz');
      },
    });
    symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'), 'junction');

    // 2. npm pack must build by itself (prepare) and ship the library, its migrations and docs only.
    const packed = JSON.parse(await run(NPM, ['pack', '--json', '--pack-destination', work], source)) as PackResult[];
    const pack = firstOf(packed, 'npm pack result');
    const files = pack.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/migrations/index.js',
        'dist/lib/http/ui/assets/index.html',
        'dist/lib/http/ui/assets/dashboard.css',
        'dist/lib/http/ui/assets/main.js',
        'dist/cli/main.js',
        'dist/schematics/collection.json',
        'dist/schematics/task/schema.json',
        'dist/schematics/task/task.factory.js',
      ]),
    );
    expect(files.some((file) => file.startsWith('docs/') && file.endsWith('.md'))).toBe(true);
    const unexpected = files.filter(
      (file) =>
        !/^(package\.json|README\.md|LICENSE|dist\/(lib|migrations|cli)\/.+\.(js|d\.ts)|dist\/lib\/http\/ui\/assets\/[\w-]+\.(html|css)|dist\/schematics\/.+\.(js|d\.ts|json)|docs\/.+\.md)$/.test(
          file,
        ),
    );
    expect(unexpected).toEqual([]);

    // 3. A user's app: the peers at this project's locked versions, then the tarball.
    const app = join(work, 'app');
    mkdirSync(join(app, 'src'), { recursive: true });
    const dependencies = Object.fromEntries(APP_DEPENDENCIES.map((name) => [name, lockedVersion(name)]));
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'scratch-app', version: '1.0.0', private: true, dependencies }),
    );
    await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, pack.filename)], app);

    // 4. Compile the app against the installed declarations (this project's TypeScript), then run it.
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'commonjs',
          target: 'es2022',
          strict: true,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          skipLibCheck: true,
          typeRoots: [join(ROOT, 'node_modules', '@types')],
          types: ['node'],
          outDir: 'dist',
          rootDir: 'src',
        },
        include: ['src'],
      }),
    );
    cpSync(join(__dirname, 'scratch-app', 'main.ts'), join(app, 'src', 'main.ts'));
    await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);
    const output = await run(process.execPath, [join(app, 'dist', 'main.js')], app);

    // 5. The `tasker` command the package installs, and its schematic run from the installed files.
    const help = await run(NPX, ['--no-install', 'tasker', '--help'], app);
    expect(help).toContain('Usage: tasker [options] [command]');
    const generated = await run(
      NPX,
      ['--no-install', 'tasker', 'generate', 'task', 'demo/job', '--steps', 'a,b', '--depends', 'b:a', '--dry-run'],
      app,
    );
    expect(generated).toContain('Would create src/tasks/job/job.task.ts');

    expect(JSON.parse(output.trim().split('\n').pop() ?? '')).toEqual({
      status: 'complete',
      results: [{ value: 10 }, { value: 20 }],
      notFoundIsTyped: true,
      oneNestCopy: true,
      ui: { '/tasker/ui': 200, '/tasker/ui/assets/main.js': 200, '/tasker/ui/assets/mermaid.min.js': 200 },
    });
  }, 480_000);
});
