import type { BenchApp } from './bench-app';
import { WORKLOADS } from './bench-fixtures';
import { cycleSnapshot, diffCycles, diffQueries, querySnapshot } from './pg-instrument';
import { median, round } from './stats';

const MiB = 1024 * 1024;

export interface RssSample {
  seconds: number;
  steps: number;
  rssMiB: number;
  heapUsedMiB: number;
  /** The worker's concurrency limit at the sample (its provider), when observable. */
  limit: number | null;
}

export interface SoakResult {
  steps: number;
  tasks: number;
  seconds: number;
  stepsPerSec: number;
  /** Tasks kept created-but-unfinished at once (the producer tops up as tasks complete). */
  backlog: number;
  warmUpSteps: number;
  /** Median RSS of the samples in the 20% of steps right after warm-up. */
  rssAfterWarmUpMiB: number;
  /** Median RSS of the samples in the last 20% of steps. */
  rssFinalMiB: number;
  /** RSS right after a full GC at the end of warm-up / of the run (needs --expose-gc). */
  settledRssAfterWarmUpMiB: number | null;
  settledRssFinalMiB: number | null;
  /** Growth of the median sampled RSS between the two windows (follows the GC sawtooth). */
  sampledRssGrowthPct: number;
  /** Which figure rssGrowthPct is: settled RSS when gc() is exposed, else the sampled medians. */
  rssGrowthMethod: 'after-full-gc' | 'sampled-median';
  rssMaxMiB: number;
  /** RSS growth after warm-up: settled (after a full GC) when gc() is exposed, else sampled. */
  rssGrowthPct: number;
  heapUsedAfterWarmUpMiB: number;
  heapUsedFinalMiB: number;
  roundTripsPerStep: number;
  /** run_cycle round trips and the outcomes and claims they carried on average. */
  runCycles: number;
  outcomesPerCycle: number | null;
  claimedPerCycle: number | null;
  /** The concurrency limit seen in the samples. */
  limit: { min: number; max: number } | null;
  /** Steps/s over the first and the last 10% of steps (a slowdown shows table or memory growth). */
  stepsPerSecFirstTenth: number;
  stepsPerSecLastTenth: number;
  samples: RssSample[];
}

/**
 * 100,000 steps (25,000 diamonds) through one worker with a producer that keeps `backlog` tasks
 * waiting (createTask runs during the window here, unlike the throughput phase). RSS is sampled
 * every `sampleMs`; growth compares the end of the run with the state right after warm-up.
 */
export async function measureSoak(
  app: BenchApp,
  options: { steps: number; backlog: number; warmUpFraction: number; sampleMs: number; log: (line: string) => void },
): Promise<SoakResult> {
  const perTask = WORKLOADS.diamond.stepsPerTask;
  const total = Math.ceil(options.steps / perTask);
  const steps = total * perTask;
  let created = 0;
  let completed = 0;
  let outstanding = 0;
  let wakeProducer: (() => void) | undefined;
  const samples: RssSample[] = [];
  const tenth = Math.ceil(total / 10);
  const completedAt = new Map<number, number>();

  // With --expose-gc (npm run bench passes it): RSS right after a full collection at the end of
  // warm-up and at the end of the run, i.e. what the process retains, free of the GC sawtooth.
  const gc = (globalThis as { gc?: () => void }).gc;
  const settledRssMiB = (): number | undefined => {
    if (gc === undefined) return undefined;
    gc();
    return round(process.memoryUsage().rss / MiB, 1) ?? undefined;
  };
  const warmUpTasks = Math.round(total * options.warmUpFraction);
  let settledAfterWarmUp: number | undefined;

  const done = app.events.expect(total);
  app.events.onTaskCompleted = () => {
    completed += 1;
    outstanding -= 1;
    if (completed === tenth || completed === total - tenth || completed === total)
      completedAt.set(completed, performance.now());
    if (completed === warmUpTasks) settledAfterWarmUp = settledRssMiB();
    const wake = wakeProducer;
    wakeProducer = undefined;
    wake?.();
  };
  const lane = async (): Promise<void> => {
    while (created < total) {
      if (outstanding >= options.backlog) {
        await new Promise<void>((resolve) => {
          const previous = wakeProducer;
          wakeProducer = () => {
            previous?.();
            resolve();
          };
        });
        continue;
      }
      const i = created++;
      outstanding += 1;
      await app.tasker.createTask(WORKLOADS.diamond.request(i));
    }
  };

  const queries0 = querySnapshot();
  const cycles0 = cycleSnapshot();
  const t0 = performance.now();
  completedAt.set(0, t0);
  const sample = (): RssSample => {
    const memory = process.memoryUsage();
    const taken: RssSample = {
      seconds: round((performance.now() - t0) / 1000, 2) ?? 0,
      steps: completed * perTask,
      rssMiB: round(memory.rss / MiB, 1) ?? 0,
      heapUsedMiB: round(memory.heapUsed / MiB, 1) ?? 0,
      limit: app.currentLimit() ?? null,
    };
    samples.push(taken);
    return taken;
  };
  sample();
  let lastLog = 0;
  const timer = setInterval(() => {
    const last = sample();
    const now = performance.now();
    if (now - lastLog >= 10_000) {
      lastLog = now;
      options.log(
        `  soak: ${last.steps} / ${steps} steps after ${last.seconds.toFixed(0)} s, RSS ${last.rssMiB} MiB, limit ${last.limit ?? 'n/a'}`,
      );
    }
  }, options.sampleMs);
  await app.tasker.startWorker();
  try {
    await Promise.all([...Array.from({ length: 8 }, lane), done]);
  } finally {
    clearInterval(timer);
    app.events.onTaskCompleted = undefined;
  }
  const tEnd = performance.now();
  sample();
  const settledFinal = settledRssMiB();
  const queries = diffQueries(queries0, querySnapshot());
  const cycles = diffCycles(cycles0, cycleSnapshot());
  await app.tasker.stopWorker();
  const limits = samples.map((s) => s.limit).filter((l): l is number => l !== null);

  const warmUpSteps = Math.round(steps * options.warmUpFraction);
  const inRange = (from: number, to: number): RssSample[] => samples.filter((s) => s.steps >= from && s.steps <= to);
  // Windows of a fifth of the run each, sampled several times a second: RSS follows V8's GC
  // sawtooth (heapUsed swings 25-60 MiB here), and a median over a handful of samples measured
  // where in the sawtooth they fell (growth between 0.3 % and 24 % on runs with no leak).
  const afterWarmUp = inRange(warmUpSteps, warmUpSteps + steps * 0.2);
  const final = inRange(steps * 0.8, steps);
  const after = median(afterWarmUp.map((s) => s.rssMiB));
  const end = median(final.map((s) => s.rssMiB));
  const sampledGrowth = round(((end - after) / after) * 100, 2) ?? 0;
  const settledGrowth =
    settledAfterWarmUp === undefined || settledFinal === undefined
      ? undefined
      : (round(((settledFinal - settledAfterWarmUp) / settledAfterWarmUp) * 100, 2) ?? undefined);
  const seconds = (tEnd - t0) / 1000;
  const rate = (fromTasks: number, toTasks: number): number => {
    const from = completedAt.get(fromTasks) ?? t0;
    const to = completedAt.get(toTasks) ?? tEnd;
    return round(((toTasks - fromTasks) * perTask) / ((to - from) / 1000), 1) ?? 0;
  };
  return {
    steps,
    tasks: total,
    seconds: round(seconds, 1) ?? 0,
    stepsPerSec: round(steps / seconds, 1) ?? 0,
    backlog: options.backlog,
    warmUpSteps,
    rssAfterWarmUpMiB: round(after, 1) ?? 0,
    rssFinalMiB: round(end, 1) ?? 0,
    rssMaxMiB: Math.max(...samples.map((s) => s.rssMiB)),
    rssGrowthPct: settledGrowth ?? sampledGrowth,
    rssGrowthMethod: settledGrowth === undefined ? 'sampled-median' : 'after-full-gc',
    sampledRssGrowthPct: sampledGrowth,
    settledRssAfterWarmUpMiB: settledAfterWarmUp ?? null,
    settledRssFinalMiB: settledFinal ?? null,
    heapUsedAfterWarmUpMiB: round(median(afterWarmUp.map((s) => s.heapUsedMiB)), 1) ?? 0,
    heapUsedFinalMiB: round(median(final.map((s) => s.heapUsedMiB)), 1) ?? 0,
    roundTripsPerStep: round(queries.total / steps, 3) ?? 0,
    runCycles: cycles.cycles,
    outcomesPerCycle: round(cycles.outcomes / cycles.cycles, 2),
    claimedPerCycle: round(cycles.claimed / cycles.cycles, 2),
    limit: limits.length === 0 ? null : { min: Math.min(...limits), max: Math.max(...limits) },
    stepsPerSecFirstTenth: rate(0, tenth),
    stepsPerSecLastTenth: rate(total - tenth, total),
    samples,
  };
}
