export * from './tasker-exception.filter';
export * from './tasker-error-http-status';
export * from './tasker-error-body';
