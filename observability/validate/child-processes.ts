import { spawn, type ChildProcess } from 'node:child_process';

/** A started child process with the tail of its output (for the report when it fails). */
export interface StartedProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  /** Whether it exited, with its code. */
  exited(): { code: number | null; signal: string | null } | undefined;
}

const KEPT_OUTPUT_CHARS = 8000;

/** Starts `command` with its output kept (the last few KB), not printed. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): StartedProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exit: { code: number | null; signal: string | null } | undefined;
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => keep(Buffer.from(`\n[spawn error] ${error.message}\n`)));
  child.on('exit', (code, signal) => (exit = { code, signal }));
  return { name, child, output: () => output, exited: () => exit };
}

/** Stops a process: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopProcess(started: StartedProcess, graceMs = 10_000): Promise<void> {
  if (started.exited() !== undefined || started.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
  started.child.kill('SIGTERM');
  const timer = setTimeout(() => started.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
