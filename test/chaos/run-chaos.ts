import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, until, withDatabase } from './admin-sql';
import { ChaosChild } from './chaos-child';
import { readChaosConfig, type ChaosConfig } from './chaos-config';
import { CHAOS_RUNS_DDL } from './chaos-tasks';
import { idempotencyKeyOf } from './create-tasks';
import { databaseOutage } from './database-faults';
import { checkInvariants, countRun, type Violation } from './invariants';
import { OwnCluster } from './own-cluster';

/** Counts of what the run did to the processes and the database. */
interface FaultCounts {
  kills: number;
  sigterms: number;
  restarts: number;
  pgRestarts: number;
  outages: number;
  pauses: number;
  creationRetries: number;
  creationDuplicates: number;
}

/** One fault: `begin()` is called once the fault is in effect (the rest of the scenario's tasks are created then). */
type Fault = (begin: () => void) => Promise<void>;

interface Scenario {
  name: string;
  fault: Fault;
}

/**
 * The chaos run: real worker processes and a creator process on a database of their own, and a
 * sequence of scenarios (kill -9, rolling SIGTERM, PostgreSQL restart, outage, SIGSTOP pauses,
 * small and saturated pools). Each scenario creates its share of the tasks, half before and half
 * during its fault, waits until every task has ended, then checks every invariant over the whole
 * database. Prints the counts and exits non-zero on any violation.
 */
class ChaosRun {
  readonly database = `tasker_chaos_${randomBytes(4).toString('hex')}`;
  readonly url: string;
  readonly logDir = mkdtempSync(join(tmpdir(), 'tasker-chaos-'));
  readonly workers: ChaosChild[] = [];
  readonly creator: ChaosChild;
  readonly ids: string[] = [];
  readonly keys: string[] = [];
  readonly faults: FaultCounts = {
    kills: 0,
    sigterms: 0,
    restarts: 0,
    pgRestarts: 0,
    outages: 0,
    pauses: 0,
    creationRetries: 0,
    creationDuplicates: 0,
  };
  readonly violations: Array<Violation & { scenario: string }> = [];
  private nextIndex = 0;
  readonly adminUrl: string;

  constructor(
    readonly config: ChaosConfig,
    serverUrl: string,
    private readonly cluster: OwnCluster | undefined,
  ) {
    this.adminUrl = serverUrl;
    this.url = withDatabase(serverUrl, this.database);
    const common = {
      CHAOS_URL: this.url,
      NO_COLOR: '1',
      CHAOS_TS_CACHE: join(this.logDir, 'ts-cache'),
      CHAOS_LEASE_MS: String(config.leaseMs),
      CHAOS_FAILURE_RATE: String(config.failureRate),
      CHAOS_STEP_MS: String(config.maxStepMs),
    };
    this.creator = new ChaosChild('creator', { ...common, CHAOS_ROLE: 'creator' }, join(this.logDir, 'creator.log'));
    for (let index = 0; index < config.workers; index += 1) {
      this.workers.push(
        new ChaosChild(`worker${index}`, { ...common, CHAOS_ROLE: 'worker' }, join(this.logDir, `worker${index}.log`)),
      );
    }
  }

  get children(): ChaosChild[] {
    return [this.creator, ...this.workers];
  }

  async setUp(): Promise<void> {
    await sql(this.adminUrl, `CREATE DATABASE ${this.database}`);
    await sql(this.url, CHAOS_RUNS_DDL);
    // The creator boots first and runs the migrations; the workers then find the schema ready.
    await this.creator.start();
    await Promise.all(this.workers.map((worker) => worker.start()));
  }

  scenarios(): Scenario[] {
    const { config } = this;
    const list: Scenario[] = [];
    for (let index = 0; index < config.kills; index += 1) {
      list.push({ name: `kill -9 #${index + 1}`, fault: (begin) => this.kill(this.victim(index), begin) });
    }
    for (let round = 0; round < config.sigtermRounds; round += 1) {
      this.workers.forEach((worker, index) => {
        list.push({
          name: `rolling SIGTERM round ${round + 1}, worker ${index}`,
          fault: (begin) => this.sigterm(worker, begin),
        });
      });
    }
    if (this.cluster) list.push({ name: 'PostgreSQL restart', fault: (begin) => this.restartServer(begin) });
    list.push({ name: `outage of ${config.outageMs} ms`, fault: (begin) => this.outage(begin) });
    for (let index = 0; index < config.pauses; index += 1) {
      list.push({
        name: `SIGSTOP pause #${index + 1} (${config.pauseMs} ms)`,
        fault: (begin) => this.pause(this.victim(index), begin),
      });
    }
    list.push({
      name: 'pool of 2, concurrency.max 12',
      fault: (begin) => this.reconfigure({ CHAOS_POOL: '2' }, begin),
    });
    list.push({
      name: 'pool of 4 saturated by 3 application query loops',
      fault: (begin) => this.reconfigure({ CHAOS_POOL: '4', CHAOS_SATURATE: '3' }, begin),
    });
    return list;
  }

  async run(): Promise<void> {
    const scenarios = this.scenarios();
    const base = Math.floor(this.config.tasks / scenarios.length);
    const extra = this.config.tasks % scenarios.length;
    for (const [index, scenario] of scenarios.entries()) {
      const count = base + (index < extra ? 1 : 0);
      const started = Date.now();
      await this.runScenario(scenario, count);
      const violations = await checkInvariants(this.url, this.ids, this.keys);
      this.violations.push(...violations.map((violation) => ({ ...violation, scenario: scenario.name })));
      const verdict = violations.length === 0 ? 'ok' : `${violations.length} VIOLATION(S)`;
      log(`${scenario.name}: ${count} tasks, ${Date.now() - started} ms, ${verdict}`);
      for (const violation of violations)
        log(`  ${violation.invariant}: ${violation.count} ${JSON.stringify(violation.examples)}`);
    }
  }

  /** Creates the scenario's tasks (half before the fault, half once it is in effect) and waits until they end. */
  private async runScenario(scenario: Scenario, count: number): Promise<void> {
    const from = this.nextIndex;
    this.nextIndex += count;
    for (let index = from; index < from + count; index += 1) this.keys.push(idempotencyKeyOf(index));
    const half = Math.ceil(count / 2);
    await this.create(from, half);
    let second: Promise<void> | undefined;
    const begin = (): void => {
      second ??= this.create(from + half, count - half);
      // Awaited below; until then a failure must not count as unhandled (a failed fault throws first).
      second.catch(() => undefined);
    };
    await scenario.fault(begin);
    begin();
    await second;
    await this.settle(scenario.name);
  }

  private async create(from: number, count: number): Promise<void> {
    if (count === 0) return;
    const report = await this.creator.create({ from, count, deadlineMs: 120_000 });
    this.ids.push(...report.ids);
    this.faults.creationRetries += report.retries;
    this.faults.creationDuplicates += report.duplicates;
  }

  /** Waits until no task is pending or running (or the deadline: the invariants then name the stuck ones). */
  private async settle(scenario: string): Promise<void> {
    try {
      await until(
        'every task to end',
        async () => {
          const rows = await sql<{ n: number }>(
            this.url,
            `SELECT count(*)::int AS n FROM tasker.tasks WHERE status IN ('pending', 'in_progress')`,
          );
          return rows[0]?.n === 0;
        },
        this.config.settleTimeoutMs,
        200,
      );
    } catch (error) {
      log(`${scenario}: ${(error as Error).message}`);
    }
    for (const child of this.children) {
      for (const exit of child.unexpectedExits.splice(0)) {
        this.violations.push({ scenario, invariant: `${child.label} exited on its own`, count: 1, examples: [exit] });
      }
      if (!child.alive) {
        await child.start();
        this.faults.restarts += 1;
      }
    }
  }

  private victim(index: number): ChaosChild {
    const worker = this.workers[index % this.workers.length];
    if (!worker) throw new Error('no workers');
    return worker;
  }

  /**
   * Waits until `pids` run at least one handler right now (so the fault hits work in flight).
   * When every task has ended first, one more task is created to give them work.
   */
  private async handlersRunning(pids: number[]): Promise<void> {
    await until(
      `a handler running in ${pids.join(', ')}`,
      async () => {
        const [row] = await sql<{ running: number; unfinished: number }>(
          this.url,
          `SELECT (SELECT count(*)::int FROM chaos.runs WHERE finished_at IS NULL AND pid = ANY($1)) AS running,
                  (SELECT count(*)::int FROM tasker.tasks WHERE status IN ('pending', 'in_progress')) AS unfinished`,
          [pids],
        );
        if ((row?.running ?? 0) > 0) return true;
        if (row?.unfinished === 0) await this.createExtra();
        return false;
      },
      30_000,
      20,
    );
  }

  private async createExtra(): Promise<void> {
    const index = this.nextIndex;
    this.nextIndex += 1;
    this.keys.push(idempotencyKeyOf(index));
    await this.create(index, 1);
  }

  private async kill(worker: ChaosChild, begin: () => void): Promise<void> {
    await this.handlersRunning([worker.pid]);
    await worker.signal('SIGKILL');
    this.faults.kills += 1;
    begin();
    await worker.start();
    this.faults.restarts += 1;
  }

  private async sigterm(worker: ChaosChild, begin: () => void): Promise<void> {
    await this.handlersRunning([worker.pid]);
    const pid = worker.pid;
    const signalledAt = Date.now();
    const exit = await worker.signal('SIGTERM');
    log(`  ${worker.label} exited ${Date.now() - signalledAt} ms after SIGTERM`);
    this.faults.sigterms += 1;
    begin();
    if (!exit?.drained || (exit.signal !== 'SIGTERM' && exit.code !== 0)) {
      this.violations.push({
        scenario: 'SIGTERM',
        invariant: `${worker.label} did not drain on SIGTERM`,
        count: 1,
        examples: [exit],
      });
    }
    const leases = await sql<{ id: string }>(
      this.url,
      `SELECT s.id, s.status, s.attempts, s.lease_expires_at, clock_timestamp() AS now,
              (SELECT max(r.started_at) FROM chaos.runs r WHERE r.step_id = s.id AND r.pid = $2) AS ran_here_at
       FROM tasker.steps s WHERE s.lease_owner LIKE $1`,
      [`%:${pid}:%`, pid],
    );
    if (leases.length > 0) {
      this.violations.push({
        scenario: 'SIGTERM',
        invariant: `${worker.label} left leases behind after draining`,
        count: leases.length,
        examples: leases.slice(0, 3),
      });
    }
    const bootAt = Date.now();
    await worker.start();
    log(`  ${worker.label} booted in ${Date.now() - bootAt} ms`);
    this.faults.restarts += 1;
  }

  private async restartServer(begin: () => void): Promise<void> {
    if (!this.cluster) return;
    await this.handlersRunning(this.workers.map((worker) => worker.pid));
    await this.cluster.restart(begin);
    await until('PostgreSQL answering after the restart', () => sql(this.url, 'SELECT 1').then(() => true), 60_000);
    this.faults.pgRestarts += 1;
  }

  private async outage(begin: () => void): Promise<void> {
    await this.handlersRunning(this.workers.map((worker) => worker.pid));
    await databaseOutage(this.adminUrl, this.database, this.config.outageMs, begin);
    this.faults.outages += 1;
  }

  private async pause(worker: ChaosChild, begin: () => void): Promise<void> {
    await this.handlersRunning([worker.pid]);
    await worker.signal('SIGSTOP');
    this.faults.pauses += 1;
    begin();
    const resumeAt = Date.now() + this.config.pauseMs;
    try {
      // The pause is the fault; its length is part of the schedule, not a wait for a result.
      await until(
        'the pause to last its time',
        () => Promise.resolve(Date.now() >= resumeAt),
        this.config.pauseMs + 1000,
        50,
      );
    } finally {
      await worker.signal('SIGCONT');
    }
  }

  /** Restarts every worker with other settings (all at once: their boots overlap). */
  private async reconfigure(env: Record<string, string>, begin: () => void): Promise<void> {
    await Promise.all(
      this.workers.map(async (worker) => {
        await worker.signal('SIGTERM');
        Object.assign(worker.env, env);
        await worker.start();
        this.faults.restarts += 1;
      }),
    );
    begin();
  }

  /** Stops every process gracefully, then checks the invariants once more. */
  async finish(): Promise<void> {
    await Promise.all(this.children.filter((child) => child.alive).map((child) => child.signal('SIGTERM')));
    const violations = await checkInvariants(this.url, this.ids, this.keys);
    this.violations.push(...violations.map((violation) => ({ ...violation, scenario: 'after shutdown' })));
  }

  async report(startedAt: number): Promise<Record<string, unknown>> {
    const counts = await countRun(this.url, this.ids);
    return {
      tasks: counts.tasks,
      steps: counts.steps,
      complete: counts.complete,
      failedAsDesigned: counts.failedAsDesigned,
      workers: this.workers.length,
      ...this.faults,
      handlerRuns: counts.runs,
      reRuns: counts.reRuns,
      flakyRuns: counts.flakyRuns,
      interruptedRuns: counts.interruptedRuns,
      lostOutcomes: counts.lostOutcomes,
      duplicates: counts.duplicates,
      lost: counts.lost,
      stuck: counts.stuck,
      violations: this.violations.length,
      leaseMs: this.config.leaseMs,
      elapsedMs: Date.now() - startedAt,
    };
  }

  /** Kills every child that still runs and drops the database; never throws. */
  async tearDown(): Promise<void> {
    await Promise.all(this.children.map((child) => child.stop().catch(() => undefined)));
    await sql(this.adminUrl, `ALTER DATABASE ${this.database} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await sql(this.adminUrl, `DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`).catch((error: unknown) =>
      log(`could not drop ${this.database}: ${(error as Error).message}`),
    );
  }

  /** Synchronous last resort (signals, crashes): no child may outlive the runner. */
  killChildrenNow(): void {
    for (const child of this.children) child.killNow();
  }
}

function log(line: string): void {
  process.stdout.write(`[chaos] ${line}\n`);
}

/** The server of the run: a throwaway cluster of its own unless TASKER_CHAOS_DATABASE_URL names one. */
async function chooseServer(config: ChaosConfig): Promise<{ url: string; cluster: OwnCluster | undefined }> {
  if (config.serverUrl) {
    log(`using ${config.serverUrl} (no PostgreSQL restart scenario: the server is not the run's own)`);
    return { url: config.serverUrl, cluster: undefined };
  }
  const bin = OwnCluster.findBinDir();
  if (!bin)
    throw new Error(
      'no PostgreSQL programs (initdb, pg_ctl) found; set TASKER_CHAOS_DATABASE_URL to use a running server',
    );
  const cluster = await OwnCluster.create(bin);
  log(`own PostgreSQL server on port ${cluster.port} (${cluster.dataDir})`);
  return { url: cluster.url, cluster };
}

export async function main(): Promise<number> {
  const config = readChaosConfig();
  const server = await chooseServer(config);
  const run = new ChaosRun(config, server.url, server.cluster);
  const startedAt = Date.now();
  const abort = (signal: string): void => {
    log(`${signal}: stopping every child`);
    run.killChildrenNow();
    server.cluster?.destroy();
    process.exit(1);
  };
  process.once('SIGINT', () => abort('SIGINT'));
  process.once('SIGTERM', () => abort('SIGTERM'));
  process.once('exit', () => {
    run.killChildrenNow();
    server.cluster?.destroy();
  });
  log(
    `${config.tasks} tasks, ${config.workers} workers, leases of ${config.leaseMs} ms; database ${run.database}; logs in ${run.logDir}`,
  );
  let code = 1;
  try {
    await run.setUp();
    await run.run();
    await run.finish();
    const summary = await run.report(startedAt);
    log(`summary ${JSON.stringify(summary)}`);
    if (run.violations.length > 0) {
      log(`FAILED: ${run.violations.length} violation(s)`);
      for (const violation of run.violations) {
        log(
          `  [${violation.scenario}] ${violation.invariant}: ${violation.count} ${JSON.stringify(violation.examples)}`,
        );
      }
    } else {
      log('every invariant held');
      code = 0;
    }
  } catch (error) {
    log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await run.tearDown();
    server.cluster?.destroy();
  }
  if (code === 0) rmSync(run.logDir, { recursive: true, force: true });
  return code;
}
