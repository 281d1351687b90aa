import { createTraceState, INVALID_SPAN_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { openTaskTrace } from '../../../lib/tracing/task-span';
import { tracingEnabled } from '../../../lib/tracing/tasker-tracer';
import { endStepSpan, startStepSpan } from '../../../lib/tracing/step-span';
import { fromTraceCarrier, toTraceCarrier } from '../../../lib/tracing/trace-carrier';

const CONTEXT = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
};

describe('trace carriers', () => {
  it('write a span context as W3C traceparent and tracestate, and read it back as a remote parent', () => {
    const carrier = toTraceCarrier({ ...CONTEXT, traceState: createTraceState('vendor=a1,other=b2') });
    expect(carrier).toEqual({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'vendor=a1,other=b2',
    });
    const back = fromTraceCarrier(carrier);
    expect(back).toMatchObject({ ...CONTEXT, isRemote: true });
    expect(back?.traceState?.get('other')).toBe('b2');
  });

  it('store nothing for an invalid context', () => {
    expect(toTraceCarrier(INVALID_SPAN_CONTEXT)).toBeNull();
  });

  it.each([
    [null],
    ['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
    [{ traceparent: 'garbage' }],
    [{ traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' }],
    [{ traceparent: '01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }],
  ])('read no parent from %j', (carrier) => {
    expect(fromTraceCarrier(carrier)).toBeUndefined();
  });
});

describe('without a tracing SDK', () => {
  it('knows no SDK is registered, until one is', () => {
    expect(tracingEnabled()).toBe(false);
    const provider = new BasicTracerProvider();
    trace.setGlobalTracerProvider(provider);
    try {
      expect(tracingEnabled()).toBe(true);
    } finally {
      trace.disable();
    }
    expect(tracingEnabled()).toBe(false);
  });

  it('stores no trace context for a task; a step span would record nothing', () => {
    expect(openTaskTrace({ taskId: 't', namespace: 'n', taskName: 'x', correlationId: 'c' })).toBeNull();
    const { span, context } = startStepSpan({
      taskId: 't',
      stepName: 's',
      attempt: 1,
      namespace: 'n',
      taskName: 'x',
      correlationId: 'c',
      traceContext: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    expect(span.isRecording()).toBe(false);
    // the handler still sees the task's trace as its parent, for an app propagating it by hand
    expect(trace.getSpanContext(context)?.traceId).toBe(CONTEXT.traceId);
    expect(() => endStepSpan(span, { kind: 'complete', durationMs: 1 })).not.toThrow();
  });
});
