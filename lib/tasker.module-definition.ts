import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { TaskerModuleOptions } from './interfaces/tasker-module-options.interface';

export const {
  ConfigurableModuleClass: TaskerConfigurableModule,
  MODULE_OPTIONS_TOKEN: TASKER_MODULE_OPTIONS,
  OPTIONS_TYPE: TASKER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TASKER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TaskerModuleOptions>({ moduleName: 'Tasker' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createTaskerOptions')
  // Global by default, like TypeOrmModule.forRoot: TaskerService is injectable in every module of the app.
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
