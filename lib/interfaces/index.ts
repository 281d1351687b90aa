export * from './backoff-options.interface';
export * from './step-context.interface';
export * from './step-handler-contract.interface';
export * from './task-handler-options.interface';
export * from './tasker-module-options.interface';
export * from './task-view.interface';
export * from './operator-action-options.interface';
