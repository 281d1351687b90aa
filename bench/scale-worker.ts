import 'reflect-metadata';
import { bootBenchApp } from './bench-app';

/**
 * One worker process of `npm run bench:scale`: the benchmark's tasks with Tasker's module
 * defaults, worker not started until the parent says `start` (so every process starts together),
 * stopped by SIGTERM through Nest's shutdown hooks.
 */
async function main(): Promise<void> {
  const app = await bootBenchApp({
    database: { url: process.env.SCALE_URL },
    worker: { autoStart: false },
    http: { enabled: false },
  });
  app.context.enableShutdownHooks();
  process.on('message', (message: { type: string }) => {
    if (message.type === 'start') void app.tasker.startWorker().then(() => process.send?.({ type: 'started' }));
  });
  process.on('disconnect', () => process.exit(1));
  process.send?.({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
