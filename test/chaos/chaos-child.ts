import { fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildMessage, CreatedReport, CreateRequest } from './messages';

const ENTRY = join(__dirname, '..', '..', 'scripts', 'chaos-process.js');

/** How one incarnation of a child process ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It reported that its Tasker app shut down (SIGTERM drained it). */
  drained: boolean;
}

/**
 * One slot of the chaos run (a worker or the creator): a real Node process started from
 * scripts/chaos-process.js, which the runner kills, stops, resumes and restarts. Its output goes
 * to `logFile`.
 */
export class ChaosChild {
  private child: ChildProcess | undefined;
  private exited: Promise<ChildExit> | undefined;
  private drained = false;
  private pending: Array<(report: CreatedReport) => void> = [];
  private failures: Array<(error: Error) => void> = [];
  /** Exits the runner did not cause. */
  readonly unexpectedExits: ChildExit[] = [];
  private expectingExit = false;

  constructor(
    readonly label: string,
    /** The child's environment; the runner changes it between incarnations. */
    readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error(`${this.label} is not running`);
    return pid;
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves once its Tasker app has booted. */
  start(bootTimeoutMs = 60_000): Promise<void> {
    const log = openSync(this.logFile, 'a');
    const child = fork(ENTRY, [], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', log, log, 'ipc'],
    });
    closeSync(log);
    this.child = child;
    this.drained = false;
    this.expectingExit = false;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        const exit = { code, signal, drained: this.drained };
        if (!this.expectingExit) this.unexpectedExits.push(exit);
        for (const fail of this.failures) fail(new Error(`${this.label} exited (${signal ?? code})`));
        this.failures = [];
        this.pending = [];
        resolve(exit);
      });
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.label} did not boot within ${bootTimeoutMs} ms`)),
        bootTimeoutMs,
      );
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.label} exited during boot (${signal ?? code}); see ${this.logFile}`));
      });
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve();
        } else if (message.type === 'drained') {
          this.drained = true;
        } else if (message.type === 'created') {
          this.pending.shift()?.(message);
          this.failures.shift();
        } else if (message.type === 'failed') {
          this.pending.shift();
          this.failures.shift()?.(new Error(`${this.label}: ${message.error}`));
        }
      });
    });
  }

  /** Asks the creator for tasks; resolves with their ids once all exist. */
  create(request: Omit<CreateRequest, 'type'>): Promise<CreatedReport> {
    const child = this.child;
    if (!child) throw new Error(`${this.label} is not running`);
    return new Promise((resolve, reject) => {
      this.pending.push(resolve);
      this.failures.push(reject);
      child.send({ type: 'create', ...request } satisfies CreateRequest);
    });
  }

  /** Sends `signal`; for SIGKILL and SIGTERM, resolves when the process has exited. */
  async signal(signal: NodeJS.Signals): Promise<ChildExit | undefined> {
    const child = this.child;
    if (!child || !this.alive) throw new Error(`${this.label} is not running`);
    const ends = signal === 'SIGKILL' || signal === 'SIGTERM';
    if (ends) this.expectingExit = true;
    child.kill(signal);
    return ends ? this.exited : undefined;
  }

  /** Kills the process if it still runs (cleanup); never throws. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.expectingExit = true;
    this.child?.kill('SIGCONT');
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** Synchronous SIGKILL (for exit handlers). */
  killNow(): void {
    if (!this.alive) return;
    this.expectingExit = true;
    this.child?.kill('SIGKILL');
  }
}
