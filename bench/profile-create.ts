import 'reflect-metadata';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { bootBenchApp, dropDatabase, recreateDatabase } from './bench-app';
import { WORKLOADS } from './bench-fixtures';
import { summariseProfile } from './cpu-profile';

/**
 * Development aid: profiles `createTask` alone (1 in flight, worker stopped) with the V8 sampler
 * and prints self time by function. `node dist/bench/profile-create.js [count]`.
 */
async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 3000);
  const url = await recreateDatabase('tasker_bench_create');
  const app = await bootBenchApp({ database: { url }, worker: { autoStart: false } });
  try {
    for (let i = 0; i < 300; i++) await app.tasker.createTask(WORKLOADS.diamond.request(i));
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < count; i++) await app.tasker.createTask(WORKLOADS.diamond.request(1000 + i));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const { profile } = await session.post('Profiler.stop');
    writeFileSync('bench/results/create.cpuprofile', JSON.stringify(profile));
    console.log(
      `${count} creates in ${ms.toFixed(0)} ms; node CPU ${((cpu.user + cpu.system) / count).toFixed(0)} µs/task (profiled)`,
    );
    const summary = summariseProfile(profile);
    for (const line of summary.byArea) console.log(`  ${line.selfPct.toFixed(1).padStart(5)}%  ${line.name}`);
    for (const line of summary.top) console.log(`  ${line.selfPct.toFixed(1).padStart(5)}%  ${line.name}`);
  } finally {
    await app.close();
    await dropDatabase('tasker_bench_create');
  }
}

void main().then(() => process.exit(0));
