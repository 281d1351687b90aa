import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { TaskerExceptionFilter } from '../../lib';
import { AppModule } from './app.module';
import { readSampleConfig } from './config/sample-config';
import { startupBanner } from './sample-urls';

/** Starts the sample: an HTTP app on PORT, or (TASKER_HTTP=0) an application context that only runs steps. */
async function bootstrap(): Promise<void> {
  const config = readSampleConfig(process.env);
  if (!config.http) {
    const context = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true });
    context.useLogger(context.get(Logger));
    context.enableShutdownHooks();
    for (const line of startupBanner(config, undefined)) context.get(Logger).log(line);
    return;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  // Above Tasker's 1 MiB context limit, so an oversized context gets Tasker's 413 (CONTEXT_TOO_LARGE), not the parser's.
  app.useBodyParser('json', { limit: '2mb' });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new TaskerExceptionFilter());
  app.enableShutdownHooks();
  await app.listen(config.port);
  for (const line of startupBanner(config, `http://localhost:${config.port}`)) app.get(Logger).log(line);
}

void bootstrap();
