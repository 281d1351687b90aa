import { Controller, UseFilters, UseGuards, UsePipes, VERSION_NEUTRAL, applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { TaskerAuthGuard } from '../auth/tasker-auth.guard';
import { TaskerHttpExceptionFilter } from '../errors/tasker-http-exception.filter';
import { ErrorAnswer } from '../models/error.model';
import { TaskerExceptionFilter } from '../tasker-exception.filter';
import { taskerValidationPipe } from '../validation/tasker-validation.pipe';

/**
 * A Tasker controller at `path` (under `http.path`): version-neutral (the app's URI versioning
 * does not move Tasker's routes), guarded by `TaskerAuthGuard`, its input validated by Tasker's
 * own pipe, and its errors answered as `{ error: { code, message, details? } }` without any global
 * setup in the app.
 */
export function TaskerController(path: string, tag: string, options: { documentAuth?: boolean } = {}): ClassDecorator {
  const authResponses =
    options.documentAuth === false
      ? []
      : [
          ApiUnauthorizedResponse({ type: ErrorAnswer, description: '`http.authorize` threw: not authenticated.' }),
          ApiForbiddenResponse({ type: ErrorAnswer, description: '`http.authorize` refused the permission.' }),
        ];
  return applyDecorators(
    Controller({ path, version: VERSION_NEUTRAL }),
    ApiTags(tag),
    UseGuards(TaskerAuthGuard),
    UseFilters(TaskerHttpExceptionFilter, TaskerExceptionFilter),
    UsePipes(taskerValidationPipe()),
    ...authResponses,
  );
}
