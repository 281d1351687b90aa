import { Inject, Module, forwardRef, type DynamicModule } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { TASKER_TERMINUS_MODULE } from '../health/tasker-terminus.module';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { TASKER_OPTIONS } from '../config/tasker.tokens';
import { AnalyticsController } from './controllers/analytics.controller';
import { DashboardController } from './controllers/dashboard.controller';
import { HandlersController } from './controllers/handlers.controller';
import { TaskStepsController } from './controllers/task-steps.controller';
import { TaskerDocsController } from './controllers/tasker-docs.controller';
import { TaskerHealthController } from './controllers/tasker-health.controller';
import { TasksController } from './controllers/tasks.controller';
import { TASKER_HTTP_MODULE_CLASS } from './docs/tasker-http-module.token';
import { TaskerOpenApi } from './docs/tasker-openapi.service';
import { mountModuleAt } from './tasker-http-path';

/**
 * Tasker's HTTP API: the REST routes, health, analytics, the OpenAPI docs and the dashboard, mounted under
 * `http.path`. `TaskerModule` imports it (unless `forRoot` is given `http.enabled: false`); apps
 * do not import it themselves. Exported so that an app can name it, e.g. to fold Tasker's routes
 * into its own OpenAPI document: `SwaggerModule.createDocument(app, config, { include: [AppModule, TaskerHttpModule] })`.
 * @publicApi
 */
@Module({})
export class TaskerHttpModule {
  constructor(modules: ModulesContainer, @Inject(TASKER_OPTIONS) options: ResolvedTaskerOptions) {
    mountModuleAt(modules, TaskerHttpModule, options.http.path);
  }

  /**
   * The HTTP module of one Tasker module. It imports that module (`parent`, by forward reference:
   * the two import each other) for the services it exports, so it works whether Tasker is global
   * or not.
   */
  static forTasker(parent: () => DynamicModule): DynamicModule {
    return {
      module: TaskerHttpModule,
      imports: [forwardRef(parent), TASKER_TERMINUS_MODULE],
      controllers: [
        TasksController,
        TaskStepsController,
        HandlersController,
        AnalyticsController,
        TaskerHealthController,
        TaskerDocsController,
        DashboardController,
      ],
      providers: [TaskerOpenApi, { provide: TASKER_HTTP_MODULE_CLASS, useValue: TaskerHttpModule }],
    };
  }
}
