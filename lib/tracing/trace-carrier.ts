import { createTraceState, isSpanContextValid, type SpanContext } from '@opentelemetry/api';

/**
 * A span context as a task stores it (`tasks.trace_context`): the W3C Trace Context headers,
 * so any process, with any propagator configured, can continue the task's trace.
 * @publicApi
 */
export interface TraceCarrier {
  /** `00-<trace id>-<span id>-<flags>`. */
  traceparent: string;
  /** The vendor entries of the context, when it has any. */
  tracestate?: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The carrier of a span context, or null when the context is not valid (no tracing SDK). */
export function toTraceCarrier(context: SpanContext): TraceCarrier | null {
  if (!isSpanContextValid(context)) return null;
  const flags = (context.traceFlags & 0xff).toString(16).padStart(2, '0');
  const carrier: TraceCarrier = { traceparent: `00-${context.traceId}-${context.spanId}-${flags}` };
  const state = context.traceState?.serialize();
  if (state !== undefined && state !== '') carrier.tracestate = state;
  return carrier;
}

/** The remote span context a carrier describes, or undefined when it holds no valid traceparent. */
export function fromTraceCarrier(carrier: unknown): SpanContext | undefined {
  if (typeof carrier !== 'object' || carrier === null) return undefined;
  const { traceparent, tracestate } = carrier as { traceparent?: unknown; tracestate?: unknown };
  if (typeof traceparent !== 'string') return undefined;
  const match = TRACEPARENT.exec(traceparent);
  if (match === null) return undefined;
  const [, traceId = '', spanId = '', flags = '00'] = match;
  const context: SpanContext = { traceId, spanId, traceFlags: parseInt(flags, 16), isRemote: true };
  if (typeof tracestate === 'string' && tracestate !== '') context.traceState = createTraceState(tracestate);
  return isSpanContextValid(context) ? context : undefined;
}
