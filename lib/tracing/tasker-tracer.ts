import { trace, type Tracer } from '@opentelemetry/api';

/** The instrumentation scope of Tasker's spans. @publicApi */
export const TASKER_TRACER_NAME = 'nestjs-tasker';

/**
 * Tasker's tracer. Through the API's global provider: a no-op until the app registers an
 * OpenTelemetry SDK, and the SDK's tracer from then on (the proxy follows the registration).
 */
export function taskerTracer(): Tracer {
  return trace.getTracer(TASKER_TRACER_NAME);
}
