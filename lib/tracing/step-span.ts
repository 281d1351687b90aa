import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { taskerTracer } from './tasker-tracer';
import { fromTraceCarrier } from './trace-carrier';

/** What names a step run in its span. */
export interface StepSpanFields {
  taskId: string;
  stepName: string;
  attempt: number;
  namespace: string;
  taskName: string;
  correlationId: string;
  /** The task's stored trace context (`TraceCarrier`), or null. */
  traceContext: unknown;
}

/** A step run's span and the context its handler runs in (the span active). */
export interface StepTrace {
  readonly span: Span;
  readonly context: Context;
}

/**
 * Starts the `tasker.step` span of one run, a child of the task's span through the stored trace
 * context, whichever process created the task. A task without a stored context (created with no
 * tracing SDK, or before Tasker stored one) gets a trace per run.
 */
export function startStepSpan(fields: StepSpanFields): StepTrace {
  const parent = fromTraceCarrier(fields.traceContext);
  const parentContext = parent === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, parent);
  const span = taskerTracer().startSpan(
    'tasker.step',
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'tasker.task_id': fields.taskId,
        'tasker.step_name': fields.stepName,
        'tasker.attempt': fields.attempt,
        'tasker.namespace': fields.namespace,
        'tasker.task_name': fields.taskName,
        'tasker.correlation_id': fields.correlationId,
      },
    },
    parentContext,
  );
  // From the task's context, not the active one: a run that starts inside a createTask call must
  // not inherit that caller's context.
  return { span, context: trace.setSpan(parentContext, span) };
}

/** How a run ended, as its span records it (the shape of the worker's run outcome). */
export type StepSpanOutcome =
  | { kind: 'complete'; durationMs: number }
  | { kind: 'retry'; error: { message: string; type: string }; delayMs: number; durationMs: number }
  | { kind: 'error'; error: { message: string; type: string }; durationMs: number }
  | { kind: 'release'; error: { message: string }; durationMs: number }
  | { kind: 'abandon'; reason: string; durationMs: number };

/**
 * Records how the run ended and ends its span: a failed attempt (retried or final) sets status
 * ERROR and records the exception (the thrown value, else the stored error); a scheduled retry adds
 * a `tasker.retry_scheduled` event with its backoff; a release or an abandoned run adds an event.
 */
export function endStepSpan(span: Span, outcome: StepSpanOutcome, thrown?: unknown): void {
  if (!span.isRecording()) {
    span.end();
    return;
  }
  span.setAttribute('tasker.outcome', outcome.kind);
  span.setAttribute('tasker.duration_ms', outcome.durationMs);
  switch (outcome.kind) {
    case 'complete':
      break;
    case 'retry':
    case 'error':
      span.recordException(
        thrown instanceof Error ? thrown : { name: outcome.error.type, message: outcome.error.message },
      );
      span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.message });
      if (outcome.kind === 'retry') {
        span.addEvent('tasker.retry_scheduled', { 'tasker.retry_delay_ms': outcome.delayMs });
      }
      break;
    case 'release':
      span.addEvent('tasker.released', { 'tasker.reason': outcome.error.message });
      break;
    case 'abandon':
      span.addEvent('tasker.abandoned', { 'tasker.reason': outcome.reason });
      break;
  }
  span.end();
}
