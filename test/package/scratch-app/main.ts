// The scratch app of test/package/pack-install.spec.ts: a user's Nest app that installed the packed
// tarball. Compiled with tsc against the package's .d.ts files, then run with node.
import 'reflect-metadata';
import { dirname } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  StepHandler,
  TaskHandler,
  TaskerModule,
  TaskerService,
  TaskNotFoundError,
  type StepContext,
  type StepHandlerContract,
} from 'nestjs-tasker';

@StepHandler('scratch.double')
class DoubleStep implements StepHandlerContract<{ n: number }> {
  process(ctx: StepContext<{ n: number }>): { value: number } {
    const input = ctx.step.name === 'first' ? ctx.task.context.n : ctx.result<{ value: number }>('first').value;
    return { value: input * 2 };
  }
}

@TaskHandler({
  namespace: 'scratch',
  name: 'double_twice',
  version: '1.0.0',
  contextSchema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
  steps: [
    { name: 'first', handler: DoubleStep },
    { name: 'second', handler: 'scratch.double', dependsOn: ['first'] },
  ],
})
class DoubleTwiceTask {}

@Module({ imports: [TaskerModule.forRoot()], providers: [DoubleStep, DoubleTwiceTask] })
class AppModule {}

async function main(): Promise<void> {
  // One copy of Nest: the package must use the app's @nestjs/core, not one of its own.
  const packageDir = dirname(require.resolve('nestjs-tasker'));
  const nestSeenByPackage = require.resolve('@nestjs/core', { paths: [packageDir] });
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  try {
    await app.listen(0, '127.0.0.1');
    // The dashboard from the installed package: its page, one of its own files and the Mermaid bundle.
    const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const ui: Record<string, number> = {};
    for (const path of ['/tasker/ui', '/tasker/ui/assets/main.js', '/tasker/ui/assets/mermaid.min.js']) {
      const response = await fetch(origin + path);
      await response.arrayBuffer();
      ui[path] = response.status;
    }
    const tasker = app.get(TaskerService);
    const created = await tasker.createTask({ namespace: 'scratch', name: 'double_twice', context: { n: 5 } });
    const done = await tasker.waitForTask(created.id, { timeoutMs: 30_000 });
    const missing = await tasker.getTask('not-a-task').catch((error: unknown) => error);
    console.log(
      JSON.stringify({
        status: done.status,
        results: done.steps.map((step) => step.results),
        notFoundIsTyped: missing instanceof TaskNotFoundError,
        oneNestCopy: nestSeenByPackage === require.resolve('@nestjs/core'),
        ui,
      }),
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
