import 'reflect-metadata';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { adminClient, bootBenchApp, dropDatabase, recreateDatabase } from './bench-app';
import { WORKLOADS } from './bench-fixtures';
import { summariseProfile } from './cpu-profile';
import { BackendCpuTracker } from './proc-cpu';

const DATABASE = 'tasker_bench_create';

/**
 * Development aid: the cost of `createTask` alone (1 in flight, worker stopped): Node and
 * PostgreSQL CPU and WAL per diamond; with `profile`, also the V8 sampler's self time by function
 * (bench/results/create.cpuprofile). `node dist/bench/profile-create.js [count] [profile]`.
 */
async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  const profiled = process.argv[3] === 'profile';
  const url = await recreateDatabase(DATABASE);
  const app = await bootBenchApp({ database: { url }, worker: { autoStart: false } });
  const admin = await adminClient(url);
  try {
    for (let i = 0; i < 300; i++) await app.tasker.createTask(WORKLOADS.diamond.request(i));
    const session = new Session();
    session.connect();
    if (profiled) {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
    }
    const tracker = new BackendCpuTracker(admin, DATABASE);
    await tracker.start();
    const lsn0 = (await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]?.lsn;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < count; i++) await app.tasker.createTask(WORKLOADS.diamond.request(1000 + i));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const wal = await admin.query<{ bytes: string }>(
      'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS bytes',
      [lsn0],
    );
    const backend = await tracker.stop();
    const node = (cpu.user + cpu.system) / count;
    const pg = backend.micros === undefined ? Number.NaN : backend.micros / count;
    console.log(
      `${count} creates in ${ms.toFixed(0)} ms (${((count * 1000) / ms).toFixed(0)}/s); per task: node ${node.toFixed(0)} µs + pg ${pg.toFixed(0)} µs = ${(node + pg).toFixed(0)} µs CPU, ` +
        `${(Number(wal.rows[0]?.bytes) / count).toFixed(0)} WAL bytes${profiled ? ' (profiled)' : ''}`,
    );
    if (!profiled) return;
    const { profile } = await session.post('Profiler.stop');
    writeFileSync('bench/results/create.cpuprofile', JSON.stringify(profile));
    const summary = summariseProfile(profile);
    for (const line of [...summary.byArea, ...summary.top])
      console.log(`  ${line.selfPct.toFixed(1).padStart(5)}%  ${line.name}`);
  } finally {
    await admin.end();
    await app.close();
    await dropDatabase(DATABASE);
  }
}

void main().then(() => process.exit(0));
