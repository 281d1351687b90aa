import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  PermanentError,
  RetryableError,
  StepHandler,
  TASKER_DATA_SOURCE_NAME,
  TaskHandler,
  type StepContext,
  type StepHandlerContract,
  type StepTemplate,
} from '../../lib';

/** What every chaos step returns: which run produced it, and a value built from its parents. */
export interface ChaosResult {
  attempt: number;
  pid: number;
  runId: string;
  value: number;
}

/** The context of a chaos task: `doomed` tasks fail one step for good (designed to end in `error`). */
export interface ChaosContext {
  index: number;
  doomed?: boolean;
}

/** Knobs of the handler, read once from the environment of the process. */
export interface ChaosHandlerSettings {
  /** Share of runs that throw `RetryableError` (0..1). */
  failureRate: number;
  /** Longest handler run in ms (each run sleeps a random time up to it). */
  maxStepMs: number;
}

export const CHAOS_HANDLER_SETTINGS = Symbol('CHAOS_HANDLER_SETTINGS');

/** The test's own table of handler runs, written by the handler through the app's connection. */
export const CHAOS_RUNS_DDL = `
  CREATE SCHEMA IF NOT EXISTS chaos;
  CREATE TABLE IF NOT EXISTS chaos.runs (
    id bigserial PRIMARY KEY,
    step_id uuid NOT NULL,
    task_id uuid NOT NULL,
    step_name text NOT NULL,
    attempt int NOT NULL,
    pid int NOT NULL,
    -- when the handler was called (the process's clock) and when its first write reached the server
    started_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    outcome text
  );
  CREATE INDEX IF NOT EXISTS runs_step_idx ON chaos.runs (step_id);`;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The one handler of every chaos step: records its run (start and end) in `chaos.runs`, works for a
 * random while, fails now and then with a retryable error, and returns which run it was. The
 * `doom` step of a doomed task fails for good.
 */
@Injectable()
@StepHandler('chaos.step')
export class ChaosStep implements StepHandlerContract<ChaosContext> {
  constructor(
    @InjectDataSource(TASKER_DATA_SOURCE_NAME) private readonly dataSource: DataSource,
    @Inject(CHAOS_HANDLER_SETTINGS) private readonly settings: ChaosHandlerSettings,
  ) {}

  async process(ctx: StepContext<ChaosContext>): Promise<ChaosResult> {
    const startedAt = new Date();
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO chaos.runs (step_id, task_id, step_name, attempt, pid, started_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [ctx.step.id, ctx.task.id, ctx.step.name, ctx.step.attempt, process.pid, startedAt],
    );
    const runId = rows[0]?.id ?? '';
    await pause(Math.floor(Math.random() * this.settings.maxStepMs), ctx.signal);
    const reads = Array.isArray(ctx.step.config.reads) ? (ctx.step.config.reads as string[]) : [];
    const value = 1 + reads.reduce((sum, parent) => sum + ctx.result<ChaosResult>(parent).value, 0);
    if (ctx.task.context.doomed === true && ctx.step.name === 'doom') {
      await this.finish(runId, 'permanent');
      throw new PermanentError('chaos: this task is designed to fail', { code: 'CHAOS_DOOMED' });
    }
    if (Math.random() < this.settings.failureRate) {
      await this.finish(runId, 'retryable');
      throw new RetryableError('chaos: flaky step');
    }
    await this.finish(runId, 'ok');
    return { attempt: ctx.step.attempt, pid: process.pid, runId, value };
  }

  private async finish(runId: string, outcome: string): Promise<void> {
    await this.dataSource.query(`UPDATE chaos.runs SET finished_at = clock_timestamp(), outcome = $2 WHERE id = $1`, [
      runId,
      outcome,
    ]);
  }
}

/** Generous: kills, pauses and outages each cost the running attempt, on top of flaky runs. */
const MAX_ATTEMPTS = 25;

function step(name: string, dependsOn: string[] = []): StepTemplate {
  return {
    name,
    handler: 'chaos.step',
    dependsOn,
    maxAttempts: MAX_ATTEMPTS,
    timeoutMs: 10_000,
    config: { reads: dependsOn },
  };
}

const FAN_WIDTH = 8;
const fanBranches = Array.from({ length: FAN_WIDTH }, (_, index) => `branch${index}`);

/** a → b → c → d → e → f: final value 6. */
@TaskHandler({
  namespace: 'chaos',
  name: 'linear',
  version: '1.0.0',
  steps: ['a', 'b', 'c', 'd', 'e', 'f'].map((name, index, names) =>
    step(name, index === 0 ? [] : [names[index - 1] ?? '']),
  ),
})
export class ChaosLinearTask {}

/** start → (left1 → left2, right1 → right2) → join: final value 1 + 2·3 = 7. */
@TaskHandler({
  namespace: 'chaos',
  name: 'diamond',
  version: '1.0.0',
  steps: [
    step('start'),
    step('left1', ['start']),
    step('left2', ['left1']),
    step('right1', ['start']),
    step('right2', ['right1']),
    step('join', ['left2', 'right2']),
  ],
})
export class ChaosDiamondTask {}

/** split → 8 branches → gather → doom: final value 1 + 1 + 8·2 = 18 (`doom` fails for good in doomed tasks). */
@TaskHandler({
  namespace: 'chaos',
  name: 'fan',
  version: '1.0.0',
  steps: [
    step('split'),
    ...fanBranches.map((name) => step(name, ['split'])),
    step('gather', fanBranches),
    step('doom', ['gather']),
  ],
})
export class ChaosFanTask {}

/** The task shapes, their step counts and the value of their last step when complete. */
export const CHAOS_SHAPES = [
  { name: 'linear', steps: 6, last: 'f', value: 6 },
  { name: 'diamond', steps: 6, last: 'join', value: 7 },
  { name: 'fan', steps: FAN_WIDTH + 3, last: 'doom', value: 1 + (1 + FAN_WIDTH * 2) },
] as const;
