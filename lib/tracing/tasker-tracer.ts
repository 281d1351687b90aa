import { ProxyTracerProvider, trace, type Tracer, type TracerProvider } from '@opentelemetry/api';

/** The instrumentation scope of Tasker's spans. @publicApi */
export const TASKER_TRACER_NAME = 'nestjs-tasker';

/** The API's no-op provider: what a proxy with no SDK behind it delegates to. */
const NOOP_PROVIDER: TracerProvider = new ProxyTracerProvider().getDelegate();

/**
 * Tasker's tracer. Through the API's global provider: a no-op until the app registers an
 * OpenTelemetry SDK, and the SDK's tracer from then on (the proxy follows the registration).
 */
export function taskerTracer(): Tracer {
  return trace.getTracer(TASKER_TRACER_NAME);
}

/**
 * Whether an SDK is registered (checked per call, so one registered after boot counts). Without
 * one, Tasker skips its spans altogether: a no-op span per step run still cost microseconds. A
 * provider of another copy of the API counts as registered.
 */
export function tracingEnabled(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider && provider.getDelegate() === NOOP_PROVIDER);
}
