import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { TaskerExceptionFilter } from '../../lib';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new TaskerExceptionFilter());
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port);
  const database = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'the embedded database';
  app.get(Logger).log(`Listening on http://localhost:${port} with ${database}; POST /orders to start a task`);
  app
    .get(Logger)
    .log(
      `Tasker's REST API: http://localhost:${port}/tasker/tasks, its docs at http://localhost:${port}/tasker/docs, ` +
        `the dashboard at http://localhost:${port}/tasker/ui`,
    );
}

void bootstrap();
