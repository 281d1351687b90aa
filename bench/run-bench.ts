import 'reflect-metadata';
import { installQueryCounter } from './pg-instrument';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { TaskerModuleOptions } from '../lib';
// Internal, read-only: the effective options (defaults applied) the benchmark states.
import { resolveTaskerOptions } from '../lib/resolve-tasker-options';
import { adminClient, bootBenchApp, dropDatabase, recreateDatabase, serverUrl, type BenchApp } from './bench-app';
import { summariseProfile, writeProfile, type ProfileSummary } from './cpu-profile';
import { measureCreation, type CreationResult } from './measure-creation';
import { measureEndToEnd, type EndToEndResult } from './measure-e2e';
import { measureLatency, type LatencyResult } from './measure-latency';
import { measureSoak, type SoakResult } from './measure-soak';
import { combineCosts, measureThroughput, warmUp, type ThroughputResult } from './measure-throughput';
import { measurePgbench, type PgbenchResult } from './pgbench-reference';
import { meets, renderTable, type Row } from './report';
import { round } from './stats';

// Before anything connects: every query of this process is counted from here on.
installQueryCounter();

const BENCH_DATABASE = 'tasker_bench';
const DIAMOND_TASKS = Number(process.env.TASKER_BENCH_DIAMOND_TASKS ?? 2_000);
const LINEAR_TASKS = Number(process.env.TASKER_BENCH_LINEAR_TASKS ?? 500);
const LATENCY_TASKS = 200;
const LATENCY_WARM_UP = 20;
const E2E_TASKS = 500;
const SOAK_STEPS = Number(process.env.TASKER_BENCH_SOAK_STEPS ?? 100_000);

interface Arguments {
  soak: boolean;
  quick: boolean;
  concurrency: number | undefined;
  cpuProf: boolean;
  pgbench: boolean;
  analyze: boolean;
  out: string | undefined;
}

const USAGE = `npm run bench [-- options]
  --soak             also run the soak (100,000 steps; RSS growth after warm-up)
  --quick            pgbench once for 5 s instead of 3 x 10 s (development)
  --concurrency N    run with concurrency.min = concurrency.max = N (default: the module defaults)
  --cpu-prof         profile the diamond window (V8 sampling profiler); prints the top self-time functions
                     and writes bench/results/diamond.cpuprofile (its figures are inflated by the profiler)
  --no-pgbench       skip the reference (no ratio)
  --no-analyze       do not ANALYZE the tables between creating tasks and the timed window
  --out FILE         write the JSON there instead of bench/results/latest.json`;

function parseArguments(argv: string[]): Arguments {
  const args: Arguments = {
    soak: false,
    quick: false,
    concurrency: undefined,
    cpuProf: false,
    pgbench: true,
    analyze: true,
    out: undefined,
  };
  const queue = [...argv];
  for (let arg = queue.shift(); arg !== undefined; arg = queue.shift()) {
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? queue.shift();
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--soak':
        args.soak = true;
        break;
      case '--quick':
        args.quick = true;
        break;
      case '--concurrency': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new Error('--concurrency needs a positive integer');
        args.concurrency = n;
        break;
      }
      case '--cpu-prof':
        args.cpuProf = true;
        break;
      case '--no-pgbench':
        args.pgbench = false;
        break;
      case '--no-analyze':
        args.analyze = false;
        break;
      case '--out':
        args.out = value();
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${arg}\n${USAGE}`);
    }
  }
  return args;
}

/** The repository root: the nearest folder above this file with nestjs-tasker's package.json. */
function repositoryRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'nestjs-tasker'
    )
      return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

function git(root: string, args: string[]): string | undefined {
  try {
    // GIT_OPTIONAL_LOCKS=0: read-only, never refreshes the index.
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function describeBatches(result: ThroughputResult): string {
  const b = result.batches;
  const limit =
    result.limit === null
      ? 'limit n/a'
      : result.limit.min === result.limit.max
        ? `limit ${result.limit.min}`
        : `limit ${result.limit.min}–${result.limit.max}`;
  return `${b.runCycles} run_cycle round trips: ${b.outcomesPerCycle} outcomes (max ${b.maxOutcomes}) and ${b.claimedPerCycle} claims (max ${b.maxClaimed}) per round trip; ${limit}`;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function mib(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const root = repositoryRoot();
  const started = performance.now();
  const loadAtStart = loadavg();
  const commit = git(root, ['rev-parse', 'HEAD']);
  const dirty = git(root, ['status', '--porcelain', '--untracked-files=no']);
  const safeUrl = serverUrl().replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  log(
    `nestjs-tasker benchmark — commit ${commit?.slice(0, 12) ?? 'unknown'}${dirty ? ' (+ uncommitted changes)' : ''}`,
  );
  log(
    `server ${safeUrl}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  // No pool size: with a database.url the default pool is the smallest that lets the health-aware
  // limit (at most 60% of the free connections) reach concurrency.max, 20 for the default max 12.
  const options: TaskerModuleOptions = {
    database: { url: undefined },
    worker: { autoStart: false },
    ...(args.concurrency === undefined ? {} : { concurrency: { min: args.concurrency, max: args.concurrency } }),
  };

  // 1. The reference, first, on an otherwise idle server.
  let pgbench: PgbenchResult | undefined;
  let pgbenchNote: string | undefined;
  if (args.pgbench) {
    const runs = args.quick ? 1 : 3;
    const seconds = args.quick ? 5 : 10;
    log(`\npgbench reference (${runs} x ${seconds} s, -c 8 -j 2, median) …`);
    const result = await measurePgbench(root, { runs, seconds, log });
    if ('skipped' in result) {
      pgbenchNote = result.skipped;
      log(`  SKIPPED: ${result.skipped}`);
    } else {
      pgbench = result;
      log(`  reference: ${result.tps.toFixed(0)} tx/s (median of ${result.runs.map((r) => r.toFixed(0)).join(', ')})`);
    }
  } else {
    pgbenchNote = 'skipped (--no-pgbench)';
  }

  // 2. The app, on a scratch database.
  // --cpu-prof also times Tasker's SQL functions (track_functions = all, on the scratch database only).
  const url = await recreateDatabase(BENCH_DATABASE, args.cpuProf ? { track_functions: 'all' } : {});
  options.database = { ...options.database, url };
  let app: BenchApp | undefined;
  const admin = await adminClient(url);
  let diamond: ThroughputResult | undefined;
  let linear: ThroughputResult | undefined;
  let latency: LatencyResult | undefined;
  let soak: SoakResult | undefined;
  let e2eSingle: EndToEndResult | undefined;
  let e2eBulk: EndToEndResult | undefined;
  let creation: { single1: CreationResult; single10: CreationResult; bulk500: CreationResult } | undefined;
  let profileSummary: ProfileSummary | undefined;
  let profilePath: string | undefined;
  let peakRssMiB: number;
  let postgresVersion: string | undefined;
  try {
    postgresVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
    const boot = performance.now();
    app = await bootBenchApp(options);
    log(
      `\napp booted on ${BENCH_DATABASE} in ${((performance.now() - boot) / 1000).toFixed(1)} s (migrations included)`,
    );

    log('warm-up (100 diamonds, 20 linear; untimed) …');
    await warmUp(app, 'diamond', 100);
    await warmUp(app, 'linear', 20);

    log(`throughput: ${DIAMOND_TASKS} diamond tasks …`);
    const d = await measureThroughput(app, admin, BENCH_DATABASE, 'diamond', DIAMOND_TASKS, {
      analyze: args.analyze,
      profile: args.cpuProf,
    });
    const { profile, ...diamondResult } = d;
    diamond = diamondResult;
    log(
      `  ${diamond.stepsPerSec.toFixed(0)} steps/s, ${diamond.tasksPerSec.toFixed(0)} tasks/s (${diamond.seconds.toFixed(2)} s; created in ${diamond.createSeconds.toFixed(1)} s)`,
    );
    log(`  ${describeBatches(diamond)}`);
    if (profile !== undefined) {
      mkdirSync(join(root, 'bench', 'results'), { recursive: true });
      profilePath = join(root, 'bench', 'results', 'diamond.cpuprofile');
      writeProfile(profilePath, profile);
      profileSummary = summariseProfile(profile);
    }

    log(`throughput: ${LINEAR_TASKS} linear 10-step tasks …`);
    const l = await measureThroughput(app, admin, BENCH_DATABASE, 'linear', LINEAR_TASKS, {
      analyze: args.analyze,
      profile: false,
    });
    const { profile: _unused, ...linearResult } = l;
    linear = linearResult;
    log(
      `  ${linear.stepsPerSec.toFixed(0)} steps/s, ${linear.tasksPerSec.toFixed(0)} tasks/s (${linear.seconds.toFixed(2)} s; created in ${linear.createSeconds.toFixed(1)} s)`,
    );
    log(`  ${describeBatches(linear)}`);

    log(`latency: ${LATENCY_TASKS} diamonds one at a time (+${LATENCY_WARM_UP} warm-up) …`);
    latency = await measureLatency(app, LATENCY_TASKS, LATENCY_WARM_UP);
    log(`  task p50 ${latency.taskMs.p50} ms, step-to-step p50 ${latency.stepToStepMs.p50} ms`);

    log(`end to end: ${E2E_TASKS} diamonds created at one instant while the worker runs …`);
    e2eSingle = await measureEndToEnd(app, admin, BENCH_DATABASE, 'createTask', E2E_TASKS, 10_000_000);
    log(
      `  with createTask: ${e2eSingle.stepsPerSec.toFixed(0)} steps/s (${e2eSingle.seconds.toFixed(2)} s; every create returned after ${e2eSingle.createdAfterSeconds.toFixed(2)} s)`,
    );
    e2eBulk = await measureEndToEnd(app, admin, BENCH_DATABASE, 'createTasks', E2E_TASKS, 11_000_000);
    log(
      `  with createTasks: ${e2eBulk.stepsPerSec.toFixed(0)} steps/s (${e2eBulk.seconds.toFixed(2)} s; created after ${e2eBulk.createdAfterSeconds.toFixed(2)} s)`,
    );

    peakRssMiB = mib(process.resourceUsage().maxRSS * 1024);

    log('creation alone (worker stopped) …');
    creation = await measureCreation(app, admin, BENCH_DATABASE);
    for (const c of [creation.single1, creation.single10, creation.bulk500]) {
      log(
        `  ${c.mode}: ${c.tasksPerSec.toFixed(0)} tasks/s; ${c.cpuUsPerTask ?? 'n/a'} µs CPU (node ${c.nodeCpuUsPerTask} + pg ${c.pgCpuUsPerTask ?? 'n/a'}) and ${c.walBytesPerTask ?? 'n/a'} WAL bytes per task`,
      );
    }

    if (args.soak) {
      log(`soak: ${SOAK_STEPS.toLocaleString('en-US')} steps …`);
      soak = await measureSoak(app, { steps: SOAK_STEPS, backlog: 200, warmUpFraction: 0.2, sampleMs: 200, log });
      log(
        `  ${soak.stepsPerSec.toFixed(0)} steps/s over ${soak.seconds} s; RSS after a full GC ${soak.settledRssAfterWarmUpMiB ?? 'n/a'} → ${soak.settledRssFinalMiB ?? 'n/a'} MiB; ` +
          `sampled medians ${soak.rssAfterWarmUpMiB} → ${soak.rssFinalMiB} MiB (${soak.sampledRssGrowthPct}%); growth reported: ${soak.rssGrowthPct}% (${soak.rssGrowthMethod})`,
      );
    }
  } finally {
    await app?.close().catch((error: unknown) => log(`closing the app failed: ${String(error)}`));
    await admin.end().catch(() => undefined);
    await dropDatabase(BENCH_DATABASE).catch((error: unknown) =>
      log(`dropping ${BENCH_DATABASE} failed: ${String(error)}`),
    );
  }
  const peakRssAllMiB = mib(process.resourceUsage().maxRSS * 1024);

  const cost = combineCosts([diamond.cost, linear.cost]);
  const pgbenchTps = pgbench === undefined ? null : round(pgbench.tps, 0);
  const ratio = pgbenchTps === null ? null : round(diamond.stepsPerSec / pgbenchTps, 3);
  const linearRatio = pgbenchTps === null ? null : round(linear.stepsPerSec / pgbenchTps, 3);
  const effective = resolveTaskerOptions(options);
  // The limit the worker actually ran at: its concurrency provider, sampled during the windows
  // (the provider may derive it from pool pressure and load within [min, max]).
  const observed = [diamond.limit, linear.limit].filter((l): l is { min: number; max: number } => l !== null);
  const observedMin = observed.length === 0 ? undefined : Math.min(...observed.map((l) => l.min));
  const observedMax = observed.length === 0 ? undefined : Math.max(...observed.map((l) => l.max));
  const resolvedConcurrency = observedMax ?? effective.concurrency.max;
  const limitText =
    observedMin === undefined
      ? `limit not observable (bounds ${effective.concurrency.min}..${effective.concurrency.max})`
      : observedMin === observedMax
        ? `limit ${observedMin}`
        : `limit ${observedMin}..${observedMax}`;
  const durationSec = round((performance.now() - started) / 1000, 1);

  const strip = (result: ThroughputResult): Omit<ThroughputResult, 'cost'> => {
    const { cost: _cost, ...rest } = result;
    return rest;
  };
  const json = {
    commit: commit ?? null,
    uncommittedChanges: Boolean(dirty),
    ranAt: new Date().toISOString(),
    durationSec,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      memoryMiB: mib(totalmem()),
      node: process.version,
      postgres: postgresVersion ?? null,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg(),
    },
    concurrency: resolvedConcurrency,
    concurrencySettings: {
      'concurrency.min': effective.concurrency.min,
      'concurrency.max': effective.concurrency.max,
      observedLimit: observedMin === undefined ? null : { min: observedMin, max: observedMax },
      claimPerRoundTrip: `<= free slots (<= ${resolvedConcurrency})`,
      outcomesPerRoundTrip: '<= 500',
      'database.poolSize': effective.database.poolSize,
      'worker.pollIntervalMs': effective.worker.pollIntervalMs,
      'worker.leaseMs': effective.worker.leaseMs,
      source: args.concurrency === undefined ? 'module defaults' : '--concurrency',
      observedLimitPerWindow: { diamond: diamond.limit, linear: linear.limit },
    },
    diamond: { ...strip(diamond), ratio },
    linear: { ...strip(linear), ratio: linearRatio },
    latency: { ...latency, handlerToHandlerMs: latency.parentReturnToChildStartMs },
    e2e: {
      diamond: { ...e2eSingle, ratio: pgbenchTps === null ? null : round(e2eSingle.stepsPerSec / pgbenchTps, 3) },
      bulk: { ...e2eBulk, ratio: pgbenchTps === null ? null : round(e2eBulk.stepsPerSec / pgbenchTps, 3) },
    },
    create: {
      single: { ...creation.single10, tasksPerSec: creation.single10.tasksPerSec },
      singleOneInFlight: creation.single1,
      bulk: {
        ...creation.bulk500,
        ratio: pgbenchTps === null ? null : round(creation.bulk500.tasksPerSec / pgbenchTps, 3),
      },
      cpuUsPerTask: creation.single1.cpuUsPerTask,
      walBytesPerTask: creation.single1.walBytesPerTask,
    },
    roundTripsPerStep: cost.roundTripsPerStep,
    cpuUsPerStep: cost.cpuUsPerStep,
    cost: { ...cost, window: 'both throughput windows (diamond + linear)' },
    peakRssMiB,
    peakRssMiBIncludingSoak: soak === undefined ? undefined : peakRssAllMiB,
    pgbenchTps,
    pgbench: pgbench ?? { skipped: pgbenchNote },
    ratio,
    soak: soak ?? { rssGrowthPct: null, note: 'not run: use npm run bench -- --soak' },
    cpuProfile:
      profileSummary === undefined ? undefined : { file: relative(root, profilePath ?? ''), ...profileSummary },
    options: { analyzeBeforeWindow: args.analyze, quick: args.quick },
  };

  const rows: Row[] = [
    { metric: 'diamond steps/s', value: diamond.stepsPerSec, unit: '', digits: 0 },
    { metric: 'diamond tasks/s', value: diamond.tasksPerSec, unit: '', digits: 0 },
    { metric: 'linear steps/s', value: linear.stepsPerSec, unit: '', digits: 0 },
    { metric: 'pgbench tx/s (reference)', value: pgbenchTps, unit: '', digits: 0 },
    { metric: 'diamond steps/s ÷ pgbench tx/s', value: ratio, unit: '', target: '>= 0.25', digits: 3 },
    { metric: 'linear steps/s ÷ pgbench tx/s', value: linearRatio, unit: '', digits: 3 },
    { metric: 'CPU per step (node + pg)', value: cost.cpuUsPerStep, unit: 'µs', target: '<= 550' },
    { metric: '  node process', value: cost.nodeCpuUsPerStep, unit: 'µs' },
    { metric: '  pg backends', value: cost.pgCpuUsPerStep, unit: 'µs' },
    { metric: 'SQL round trips per step', value: cost.roundTripsPerStep, unit: '', target: '<= 1.5', digits: 3 },
    { metric: 'step-to-step p50', value: latency.stepToStepMs.p50, unit: 'ms', target: '<= 5', digits: 3 },
    { metric: 'step-to-step p95', value: latency.stepToStepMs.p95, unit: 'ms', digits: 3 },
    { metric: 'step-to-step p99', value: latency.stepToStepMs.p99, unit: 'ms', target: '<= 25', digits: 3 },
    { metric: 'diamond task p50', value: latency.taskMs.p50, unit: 'ms', target: '<= 5', digits: 2 },
    { metric: 'diamond task p95', value: latency.taskMs.p95, unit: 'ms', digits: 2 },
    { metric: 'diamond task p99', value: latency.taskMs.p99, unit: 'ms', target: '<= 15', digits: 2 },
    {
      metric: 'parent returned → child start p50',
      value: latency.parentReturnToChildStartMs.p50,
      unit: 'ms',
      digits: 3,
    },
    {
      metric: 'handler returned → child handler p50',
      value: latency.parentReturnToChildStartMs.p50,
      unit: 'ms',
      target: '<= 1',
      digits: 3,
    },
    {
      metric: 'handler returned → child handler p95',
      value: latency.parentReturnToChildStartMs.p95,
      unit: 'ms',
      digits: 3,
    },
    {
      metric: 'handler returned → child handler p99',
      value: latency.parentReturnToChildStartMs.p99,
      unit: 'ms',
      digits: 3,
    },
    { metric: 'e2e diamond (createTask) steps/s', value: e2eSingle.stepsPerSec, unit: '', digits: 0 },
    { metric: '  ÷ pgbench tx/s', value: json.e2e.diamond.ratio, unit: '', target: '>= 0.40', digits: 3 },
    { metric: 'e2e diamond (createTasks) steps/s', value: e2eBulk.stepsPerSec, unit: '', digits: 0 },
    { metric: '  ÷ pgbench tx/s', value: json.e2e.bulk.ratio, unit: '', target: '>= 0.50', digits: 3 },
    { metric: 'createTask tasks/s, 1 in flight', value: creation.single1.tasksPerSec, unit: '', digits: 0 },
    { metric: 'createTask tasks/s, 10 in flight', value: creation.single10.tasksPerSec, unit: '', digits: 0 },
    { metric: 'createTasks(500) tasks/s', value: creation.bulk500.tasksPerSec, unit: '', digits: 0 },
    { metric: '  ÷ pgbench tx/s', value: json.create.bulk.ratio, unit: '', target: '>= 1.0', digits: 3 },
    {
      metric: 'createTask CPU per diamond (node + pg)',
      value: creation.single1.cpuUsPerTask,
      unit: 'µs',
      target: '<= 700',
    },
    { metric: '  node process', value: creation.single1.nodeCpuUsPerTask, unit: 'µs' },
    { metric: '  pg backends', value: creation.single1.pgCpuUsPerTask, unit: 'µs' },
    { metric: 'createTask WAL per diamond', value: creation.single1.walBytesPerTask, unit: 'B', digits: 0 },
    { metric: 'createTasks CPU per diamond', value: creation.bulk500.cpuUsPerTask, unit: 'µs' },
    { metric: 'createTasks WAL per diamond', value: creation.bulk500.walBytesPerTask, unit: 'B', digits: 0 },
    { metric: 'peak RSS', value: peakRssMiB, unit: 'MiB', target: '< 200' },
    { metric: 'soak RSS growth after warm-up', value: soak?.rssGrowthPct, unit: '%', target: '< 10', digits: 2 },
  ];
  log(
    `\nconcurrency: ${limitText} handlers in flight during the windows (as the worker's concurrency provider reported; ${json.concurrencySettings.source}: concurrency.min ${effective.concurrency.min}, max ${effective.concurrency.max}); claims per round trip <= free slots; outcomes per round trip <= 500; pool ${effective.database.poolSize}; poll ${effective.worker.pollIntervalMs} ms; lease ${effective.worker.leaseMs} ms`,
  );
  log(
    `round trips in the throughput windows: ${Object.entries(cost.roundTrips)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')} (${cost.steps} steps)`,
  );
  log('');
  log(renderTable(rows));
  if (soak === undefined) log('(soak not run: npm run bench -- --soak)');
  else
    log(
      `soak: ${soak.steps} steps in ${soak.seconds} s (${soak.stepsPerSec} steps/s; first tenth ${soak.stepsPerSecFirstTenth}, last tenth ${soak.stepsPerSecLastTenth}; ${soak.outcomesPerCycle} outcomes and ${soak.claimedPerCycle} claims per run_cycle; limit ${soak.limit === null ? 'n/a' : soak.limit.min === soak.limit.max ? soak.limit.min : `${soak.limit.min}..${soak.limit.max}`}); RSS ${soak.rssAfterWarmUpMiB} → ${soak.rssFinalMiB} MiB, max ${soak.rssMaxMiB} MiB`,
    );
  if (profileSummary !== undefined) {
    log(
      `\nCPU profile of the diamond window (${profileSummary.totalMs} ms sampled, idle excluded; ${json.cpuProfile?.file}):`,
    );
    log('  by area:');
    for (const line of profileSummary.byArea)
      log(`    ${line.selfPct.toFixed(1).padStart(5)}%  ${line.selfMs.toFixed(0).padStart(6)} ms  ${line.name}`);
    log('  top self time:');
    for (const line of profileSummary.top)
      log(`    ${line.selfPct.toFixed(1).padStart(5)}%  ${line.selfMs.toFixed(0).padStart(6)} ms  ${line.name}`);
  }
  if (diamond.pgFunctions !== undefined) {
    log('\nPostgreSQL functions in the diamond window (pg_stat_user_functions, self time):');
    for (const f of diamond.pgFunctions) {
      log(
        `    ${f.selfMs.toFixed(0).padStart(6)} ms self, ${f.totalMs.toFixed(0).padStart(6)} ms total, ${String(f.calls).padStart(6)} calls, ${f.selfUsPerStep.toFixed(1).padStart(6)} µs/step  ${f.name}`,
      );
    }
  }

  const out = args.out === undefined ? join(root, 'bench', 'results', 'latest.json') : resolve(args.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  const misses = rows.filter((row) => meets(row.value, row.target) === 'MISS').length;
  log(
    `\n${misses === 0 ? 'all measured targets met' : `${misses} target(s) missed`}; wrote ${relative(process.cwd(), out)}; took ${durationSec} s`,
  );
}

let cleaningUp = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (cleaningUp) process.exit(130);
    cleaningUp = true;
    log(`\n${signal}: dropping the scratch databases …`);
    void Promise.allSettled([dropDatabase(BENCH_DATABASE), dropDatabase('tasker_pgbench')]).then(() =>
      process.exit(130),
    );
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
