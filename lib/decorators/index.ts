export * from './task-handler.decorator';
export * from './step-handler.decorator';
export * from './on-tasker-event.decorator';
