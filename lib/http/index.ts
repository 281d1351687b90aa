export * from './tasker-exception.filter';
export * from './tasker-error-http-status';
export * from './tasker-error-body';
export { TaskerHttpModule } from './tasker-http.module';
export type { TaskerHttpErrorBody } from './errors/tasker-http.exception';
export type { FieldProblem } from './validation/validation-details';
export type { HandlerDetail, HandlerStepDetail, HandlerStepSummary, HandlerSummary } from './handlers/handler-view';
