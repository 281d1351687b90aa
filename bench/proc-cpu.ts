import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Client } from 'pg';

/** The application_name of the benchmark's own connections (never counted as the app's). */
export const BENCH_ADMIN_APPLICATION_NAME = 'tasker-bench-admin';

let clockTicks: number | undefined;

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`, 100 on Linux). */
export function clockTicksPerSecond(): number {
  if (clockTicks !== undefined) return clockTicks;
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    clockTicks = Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    clockTicks = 100;
  }
  return clockTicks;
}

/** utime + stime of a process in clock ticks, or undefined when it is gone (or not on this host). */
export function processCpuTicks(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

/** CPU of this Node process (user + system) in microseconds since it started. */
export function nodeCpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

export interface BackendCpu {
  /** CPU time of the backends in microseconds, or undefined when /proc could not see them. */
  micros: number | undefined;
  /** The backend pids seen during the window. */
  pids: number[];
}

/**
 * CPU time of the PostgreSQL backends serving the app during a window. The backends are the
 * client backends connected to the app's database, except the benchmark's own admin connection.
 * The list is sampled at the start, every `sampleMs` and at the end: a backend present at the
 * start counts from its start-of-window figure; one that appears during the window counts with
 * its whole time; one that exits counts up to the last sample that saw it. Requires PostgreSQL on
 * the same host (its /proc).
 */
export class BackendCpuTracker {
  private readonly baseline = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();
  private visible = false;
  /** Set at the end of the window: a sample still in flight then only adds new backends. */
  private frozen = false;

  constructor(
    private readonly admin: Client,
    private readonly database: string,
    private readonly sampleMs = 500,
  ) {}

  async start(): Promise<void> {
    this.baseline.clear();
    this.last.clear();
    this.visible = false;
    this.frozen = false;
    for (const pid of await this.backendPids()) {
      const ticks = processCpuTicks(pid);
      if (ticks === undefined) continue;
      this.visible = true;
      this.baseline.set(pid, ticks);
      this.last.set(pid, ticks);
    }
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample()).catch(() => undefined);
    }, this.sampleMs);
  }

  /** Call at the end of the window: reads the known backends at once, then looks for new ones. */
  async stop(): Promise<BackendCpu> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.readKnown();
    this.frozen = true;
    await this.sampling;
    await this.sample(true);
    if (!this.visible) return { micros: undefined, pids: [...this.last.keys()] };
    let ticks = 0;
    for (const [pid, value] of this.last) ticks += value - (this.baseline.get(pid) ?? 0);
    return { micros: (ticks / clockTicksPerSecond()) * 1e6, pids: [...this.last.keys()] };
  }

  private readKnown(): void {
    for (const pid of this.last.keys()) {
      const ticks = processCpuTicks(pid);
      if (ticks !== undefined) this.last.set(pid, ticks);
    }
  }

  /** Reads every backend seen now or before; with `onlyNew`, leaves the known ones as they are. */
  private async sample(onlyNewParameter = false): Promise<void> {
    const current = new Set(await this.backendPids());
    const onlyNew = onlyNewParameter || this.frozen;
    for (const pid of onlyNew ? current : new Set([...current, ...this.last.keys()])) {
      if (onlyNew && this.last.has(pid)) continue;
      const ticks = processCpuTicks(pid);
      if (ticks === undefined) continue;
      this.visible = true;
      this.last.set(pid, ticks);
    }
  }

  private async backendPids(): Promise<number[]> {
    const result = await this.admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()
         AND application_name <> $2`,
      [this.database, BENCH_ADMIN_APPLICATION_NAME],
    );
    return result.rows.map((row) => Number(row.pid));
  }
}
