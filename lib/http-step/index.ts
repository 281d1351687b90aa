export { HttpStepHandler, type HttpStepResult } from './http-step.handler';
export {
  HTTP_STEP_DEFAULT_TIMEOUT_MS,
  HTTP_STEP_INVALID_CONFIG,
  HTTP_STEP_METHODS,
  type HttpStepMethod,
  type HttpStepRequest,
} from './http-step-request';
export { parseRetryAfter } from './retry-after';
