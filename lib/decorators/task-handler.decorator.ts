import { applyDecorators, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { TaskHandlerOptions } from '../interfaces/task-handler-options.interface';

/** The discoverable metadata decorator behind `@TaskHandler` (internal: the explorer reads it). */
export const taskHandlerMetadata = DiscoveryService.createDecorator<TaskHandlerOptions>();

/**
 * Declares a task: its namespace, name, version, context schema and steps. The class must be a
 * provider of some module; it is found at bootstrap.
 * @publicApi
 */
export const TaskHandler = Object.assign(
  (options: TaskHandlerOptions): ClassDecorator => applyDecorators(Injectable(), taskHandlerMetadata(options)),
  { KEY: taskHandlerMetadata.KEY },
);
