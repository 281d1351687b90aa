// The public surface of nestjs-tasker: every name users may import. Everything else is internal.
export { TaskerModule } from './tasker.module';
export { TaskerService } from './client/tasker.service';
export { TaskHandler } from './decorators/task-handler.decorator';
export { StepHandler } from './decorators/step-handler.decorator';
export { OnTaskerEvent } from './decorators/on-tasker-event.decorator';
export type { BackoffOptions } from './interfaces/backoff-options.interface';
export type {
  OperatorAction,
  OperatorActionOptions,
  OperatorActionRecord,
} from './interfaces/operator-action-options.interface';
export type { StepContext } from './interfaces/step-context.interface';
export type { StepHandlerContract } from './interfaces/step-handler-contract.interface';
export type { StepTemplate, TaskHandlerOptions } from './interfaces/task-handler-options.interface';
export type { TaskerModuleOptions, TaskerPermission } from './interfaces/tasker-module-options.interface';
export type {
  StepBlockedReason,
  StepErrorView,
  StepExplanation,
  StepStatus,
  StepView,
  TaskExecutionStatus,
  TaskExplanation,
  TaskList,
  TaskListQuery,
  TaskRequest,
  TaskStatus,
  TaskView,
} from './interfaces/task-view.interface';
export type {
  CustomEventPayload,
  StepEventPayload,
  TaskEventPayload,
  TaskerEventMap,
  TaskerEventName,
} from './events/tasker-event-map';
export * from './errors';
export * from './http-step';
export {
  TaskerExceptionFilter,
  TASKER_ERROR_HTTP_STATUS,
  taskerErrorHttpStatus,
  taskerErrorBody,
  type TaskerErrorResponseBody,
  TaskerHttpModule,
  type TaskerHttpErrorBody,
  type FieldProblem,
  type HandlerDetail,
  type HandlerStepDetail,
  type HandlerStepSummary,
  type HandlerSummary,
} from './http';
export {
  TaskerHealthIndicator,
  TASKER_HEALTH_TIMEOUT_MS,
  MAX_ERROR_RATE_PERCENT,
  MAX_POOL_UTILIZATION,
} from './health';
export type {
  BottleneckAnalytics,
  BottleneckFilter,
  ErrorPattern,
  PerformanceAnalytics,
  PeriodMetrics,
  SlowStep,
  SlowTask,
} from './analytics/analytics.interface';
export { TASKER_MIGRATIONS } from './persistence/tasker-migrations';
export { TASKER_ENTITIES } from './persistence/entities';
export { TASKER_DATA_SOURCE_NAME } from './config/tasker.tokens';
export { currentTaskerContext, type TaskerRunContext } from './logging/tasker-run-context';
export { TASKER_TRACER_NAME } from './tracing/tasker-tracer';
export type { TraceCarrier } from './tracing/trace-carrier';
export { logLine, LogLine, type LogFields } from './logging/log-line';
