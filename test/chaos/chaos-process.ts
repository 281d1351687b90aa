import 'reflect-metadata';
import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TASKER_DATA_SOURCE_NAME, TaskerModule, type TaskerModuleOptions } from '../../lib';
import {
  CHAOS_HANDLER_SETTINGS,
  ChaosDiamondTask,
  ChaosFanTask,
  ChaosLinearTask,
  ChaosStep,
  type ChaosHandlerSettings,
} from './chaos-tasks';
import { createTasks } from './create-tasks';
import type { ChildMessage, ParentMessage } from './messages';

/**
 * One process of the chaos run, booted by the runner through scripts/chaos-process.js:
 * `CHAOS_ROLE=worker` runs steps, `CHAOS_ROLE=creator` only creates tasks on request. Both are
 * small Nest apps with TaskerModule, shutdown hooks on (SIGTERM drains the worker), talking to the
 * runner over the IPC channel.
 */

function send(message: ChildMessage): void {
  process.send?.(message);
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got ${raw}`);
  return value;
}

const SETTINGS: ChaosHandlerSettings = {
  failureRate: numberFromEnv('CHAOS_FAILURE_RATE', 0.1),
  maxStepMs: numberFromEnv('CHAOS_STEP_MS', 60),
};

/** Tells the runner when the worker has drained (Nest calls this after the worker's own shutdown hook). */
@Injectable()
class ShutdownReporter implements OnApplicationShutdown {
  onApplicationShutdown(signal?: string): void {
    send({ type: 'drained', signal: signal ?? null });
  }
}

/**
 * Keeps `connections` of Tasker's pool busy with the application's own queries, as a busy app
 * sharing Tasker's data source would.
 */
@Injectable()
class PoolSaturator implements OnApplicationShutdown {
  private running = true;

  constructor(@InjectDataSource(TASKER_DATA_SOURCE_NAME) private readonly dataSource: DataSource) {}

  start(connections: number): void {
    for (let index = 0; index < connections; index += 1) void this.loop();
  }

  onApplicationShutdown(): void {
    this.running = false;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      // Errors (outages, restarts) are the app's problem, not the test's: keep going.
      await this.dataSource.query('SELECT pg_sleep(0.05)').catch(() => undefined);
    }
  }
}

function taskerOptions(role: string): TaskerModuleOptions {
  const pool = process.env.CHAOS_POOL;
  return {
    database: { url: process.env.CHAOS_URL, ...(pool ? { poolSize: Number(pool) } : {}) },
    worker: {
      enabled: role === 'worker',
      leaseMs: numberFromEnv('CHAOS_LEASE_MS', 2000),
      pollIntervalMs: numberFromEnv('CHAOS_POLL_MS', 250),
      shutdownTimeoutMs: numberFromEnv('CHAOS_SHUTDOWN_MS', 3000),
    },
    backoff: { baseMs: 50, multiplier: 2, maxMs: 500, jitter: 0.2 },
    http: { enabled: false },
  };
}

@Module({})
class ChaosModule {}

export async function main(): Promise<void> {
  const role = process.env.CHAOS_ROLE ?? 'worker';
  const root = {
    module: ChaosModule,
    imports: [TaskerModule.forRoot(taskerOptions(role))],
    providers: [
      { provide: CHAOS_HANDLER_SETTINGS, useValue: SETTINGS },
      ChaosStep,
      ChaosLinearTask,
      ChaosDiamondTask,
      ChaosFanTask,
      ShutdownReporter,
      PoolSaturator,
    ],
  };
  const app = await NestFactory.createApplicationContext(root, { logger: ['error', 'warn', 'fatal'] });
  app.enableShutdownHooks();
  const saturate = numberFromEnv('CHAOS_SATURATE', 0);
  if (saturate > 0) app.get(PoolSaturator).start(saturate);
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'create') {
      void createTasks(app, message).then(send, (error: unknown) =>
        send({ type: 'failed', error: error instanceof Error ? error.message : String(error) }),
      );
    }
  });
  // The runner going away (it crashed or was killed) must not leave this process behind.
  process.on('disconnect', () => process.exit(1));
  send({ type: 'ready', pid: process.pid });
}
