import { context, SpanKind } from '@opentelemetry/api';
import { taskerTracer, tracingEnabled } from './tasker-tracer';
import { toTraceCarrier, type TraceCarrier } from './trace-carrier';

/** What names a task in its span. */
export interface TaskSpanFields {
  taskId: string;
  namespace: string;
  taskName: string;
  correlationId: string;
}

/**
 * Opens and closes the `tasker.task` span of a task being created, as a child of the caller's
 * active span (when there is one), and returns its context to store on the task: every step run,
 * on any process, is a child of it, so a task is one trace (the caller's, when it had one). The
 * span covers the creation only: a task outlives the process that created it, and a span cannot be
 * ended from another one. Null when no tracing SDK is registered.
 */
export function openTaskTrace(fields: TaskSpanFields): TraceCarrier | null {
  if (!tracingEnabled()) return null;
  const span = taskerTracer().startSpan(
    'tasker.task',
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'tasker.task_id': fields.taskId,
        'tasker.namespace': fields.namespace,
        'tasker.task_name': fields.taskName,
        'tasker.correlation_id': fields.correlationId,
      },
    },
    context.active(),
  );
  span.end();
  // A span the sampler dropped still has a valid context (not sampled): stored, its steps follow the decision.
  return toTraceCarrier(span.spanContext());
}
