import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** What one run of the `tasker` CLI did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `tasker` CLI from the sources as a real child process (scripts/tasker-cli.js), with
 * `DATABASE_URL` taken out of its environment unless given in `env`. Transpiled sources are cached
 * across runs, so a run costs a process start, not a transpilation of the library.
 */
export function runTaskerCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, TASKER_TS_CACHE: join(tmpdir(), 'tasker-cli-ts-cache') };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'scripts', 'tasker-cli.js'), ...args],
      { cwd: options.cwd ?? ROOT, env: { ...env, ...options.env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
