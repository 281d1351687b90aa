import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { TaskerModule, TaskerService, type TaskerModuleOptions } from '../lib';
import { BenchEvents, BenchFixturesModule, BenchProbe } from './bench-fixtures';
import { excludeClient } from './pg-instrument';
import { BENCH_ADMIN_APPLICATION_NAME } from './proc-cpu';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function serverUrl(): string {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A connection of the benchmark's own (not counted as the app's queries, not in its CPU). */
export async function adminClient(url: string): Promise<Client> {
  const client = excludeClient(new Client({ connectionString: url, application_name: BENCH_ADMIN_APPLICATION_NAME }));
  await client.connect();
  return client;
}

/**
 * Drops (if left over) and creates a scratch database on the server of DATABASE_URL; `settings`
 * become the database's session defaults (ALTER DATABASE … SET), e.g. track_functions.
 */
export async function recreateDatabase(name: string, settings: Record<string, string> = {}): Promise<string> {
  const client = await adminClient(serverUrl());
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
    for (const [setting, value] of Object.entries(settings)) {
      await client.query(`ALTER DATABASE ${name} SET ${setting} = '${value.replace(/'/g, "''")}'`);
    }
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl(), name);
}

export async function dropDatabase(name: string): Promise<void> {
  const client = await adminClient(serverUrl());
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export interface BenchApp {
  context: INestApplicationContext;
  tasker: TaskerService;
  events: BenchEvents;
  probe: BenchProbe;
  /** The worker's concurrency limit now (its ConcurrencyLimitProvider), if it can be reached. */
  currentLimit(): number | undefined;
  close(): Promise<void>;
}

/** The provider token of lib/concurrency/concurrency-limit.provider.ts (not re-exported by lib/index). */
const CONCURRENCY_PROVIDER_TOKEN = 'TASKER_CONCURRENCY_PROVIDER';

function concurrencyProbe(context: INestApplicationContext): () => number | undefined {
  let provider: unknown;
  try {
    provider = context.get(CONCURRENCY_PROVIDER_TOKEN, { strict: false });
  } catch {
    return () => undefined;
  }
  const limit = (provider as { currentLimit?: unknown } | undefined)?.currentLimit;
  if (typeof limit !== 'function') return () => undefined;
  return () => {
    const value: unknown = limit.call(provider);
    return typeof value === 'number' ? value : undefined;
  };
}

@Module({})
class BenchRootModule {}

/** Boots a Nest application context (no HTTP) with Tasker and the benchmark's tasks. */
export async function bootBenchApp(options: TaskerModuleOptions): Promise<BenchApp> {
  const context = await NestFactory.createApplicationContext(
    { module: BenchRootModule, imports: [TaskerModule.forRoot(options), BenchFixturesModule] },
    { logger: ['error', 'warn'] },
  );
  return {
    context,
    tasker: context.get(TaskerService),
    events: context.get(BenchEvents),
    probe: context.get(BenchProbe),
    currentLimit: concurrencyProbe(context),
    close: () => context.close(),
  };
}
