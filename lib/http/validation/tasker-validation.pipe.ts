import { ValidationPipe, type ValidationError } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';
import { TaskerHttpException } from '../errors/tasker-http.exception';
import { fieldProblems } from './validation-details';

/** The 400 answer for a refused request: one `details` entry per bad field. */
export function badRequest(errors: readonly ValidationError[]): TaskerHttpException {
  const details = fieldProblems(errors);
  const summary = details.flatMap((problem) => problem.messages).join('; ');
  return new TaskerHttpException(400, 'BAD_REQUEST', `Invalid request: ${summary}`, details);
}

/**
 * The validation pipe of Tasker's routes (scoped to them, so the app's own pipes and settings are
 * untouched): unknown fields are refused rather than dropped, every bad field is named in the 400
 * answer, and query strings become numbers where the DTO says so. It is given its own
 * class-validator and class-transformer, so it works whatever copies the app has installed.
 */
export function taskerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validatorPackage: classValidator,
    transformerPackage: classTransformer,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => badRequest(errors),
  });
}
