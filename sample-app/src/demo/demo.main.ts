import 'reflect-metadata';
import { runDemo } from './run-demo';

/** `npm run demo`: DEMO_TASKS tasks per workflow [6], DEMO_TIMEOUT_MS [120000]; exits with the demo's code. */
async function main(): Promise<void> {
  const perKind = positiveInteger('DEMO_TASKS', 6);
  const timeoutMs = positiveInteger('DEMO_TIMEOUT_MS', 120_000);
  // The demo's tasks are throw-away: unless a database is named, keep them in memory.
  if (process.env.DATABASE_URL === undefined && process.env.TASKER_DATA_DIR === undefined) {
    process.env.TASKER_DATA_DIR = 'memory';
  }
  const code = await runDemo({ perKind, timeoutMs, out: process.stdout, tty: process.stdout.isTTY === true });
  process.exit(code);
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`${name} must be a positive integer (got "${raw}")\n`);
    process.exit(2);
  }
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`The demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
