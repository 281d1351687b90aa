import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { TaskValidationError, type TaskView } from '../../lib';
import { observedRuns, ObservabilityFixtureModule } from '../fixtures/observability.fixture';
import { closeAll, createEngineApp, engineOptions, type EngineApp } from '../support/engine-app';
import { installInMemoryTracing, parentSpanId, type InMemoryTracing } from '../support/in-memory-tracing';
import { logLinesOf } from '../support/observed-log-lines';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('observability: correlation ids, run context in logs, spans (PostgreSQL)', () => {
  let database: TestDatabase;
  let tracing: InMemoryTracing;
  /** Creates tasks and runs steps. */
  let a: EngineApp;
  /** Creates tasks only (no worker): its tasks run on `b`. */
  let creator: EngineApp;
  /** A second worker on the same database. */
  let b: EngineApp;

  beforeAll(async () => {
    tracing = installInMemoryTracing();
    database = await createTestDatabase();
    const imports = { after: [ObservabilityFixtureModule] };
    a = await createEngineApp(engineOptions(database.url), undefined, imports);
    creator = await createEngineApp(
      engineOptions(database.url, { worker: { enabled: false, pollIntervalMs: 100, shutdownTimeoutMs: 2000 } }),
      undefined,
      imports,
    );
  });

  afterAll(async () => {
    await closeAll(a, creator, b);
    await database?.drop();
    await tracing?.uninstall();
  });

  async function run(app: EngineApp, view: Promise<TaskView>): Promise<TaskView> {
    const created = await view;
    return app.tasker.waitForTask(created.id, { timeoutMs: 20_000 });
  }

  function spansOf(taskId: string, name: string): ReadableSpan[] {
    return tracing.spans(name).filter((span) => span.attributes['tasker.task_id'] === taskId);
  }

  async function storedCorrelationId(taskId: string): Promise<string | null> {
    const [row] = await a.query<{ correlation_id: string | null }>(
      'SELECT correlation_id FROM tasker.tasks WHERE id = $1',
      [taskId],
    );
    return row?.correlation_id ?? null;
  }

  it("carries the request's correlation id on the task and on every line a handler logs", async () => {
    const created = a.tasker.createTask({ namespace: 'obs', name: 'diamond', context: {}, correlationId: 'order-42' });
    expect((await created).correlationId).toBe('order-42');
    const done = await run(a, created);

    expect(done.status).toBe('complete');
    expect(done.correlationId).toBe('order-42');
    expect(await storedCorrelationId(done.id)).toBe('order-42');
    const lines = logLinesOf('observed handler ran', done.id);
    expect(
      lines.map((line) => [line['handlerStep'], line['stepName'], line['attempt'], line['correlationId']]).sort(),
    ).toEqual([
      ['join', 'join', 1, 'order-42'],
      ['left', 'left', 1, 'order-42'],
      ['right', 'right', 1, 'order-42'],
      ['start', 'start', 1, 'order-42'],
    ]);
    expect(String(lines[0])).toContain('correlationId=order-42');
    const runs = observedRuns.filter((seen) => seen.taskId === done.id);
    expect(runs).toHaveLength(4);
    for (const seen of runs) {
      expect(seen.correlationId).toBe('order-42');
      expect(seen.context).toEqual({ correlationId: 'order-42', taskId: done.id, stepName: seen.stepName, attempt: 1 });
    }
  });

  it('generates a UUID correlation id when the request has none, for single and batch creation', async () => {
    const single = await run(a, a.tasker.createTask({ namespace: 'obs', name: 'single', context: {} }));
    expect(single.correlationId).toMatch(UUID);
    expect(single.correlationId).not.toBe(single.id);
    expect(await storedCorrelationId(single.id)).toBe(single.correlationId);
    expect(logLinesOf('observed handler ran', single.id).map((line) => line['correlationId'])).toEqual([
      single.correlationId,
    ]);

    const batch = await a.tasker.createTasks([
      { namespace: 'obs', name: 'single', context: {}, correlationId: 'batch-1' },
      { namespace: 'obs', name: 'single', context: {} },
    ]);
    expect(batch[0]?.correlationId).toBe('batch-1');
    expect(batch[1]?.correlationId).toMatch(UUID);
    const read = await Promise.all(batch.map((task) => a.tasker.waitForTask(task.id, { timeoutMs: 20_000 })));
    expect(read.map((task) => [task.status, task.correlationId])).toEqual(
      batch.map((task) => ['complete', task.correlationId]),
    );
    expect(logLinesOf('observed handler ran', read[0]?.id ?? '').map((line) => line['correlationId'])).toEqual([
      'batch-1',
    ]);
  });

  it.each([['has space'], ['-leading-dash'], ['x'.repeat(101)], ['naïve'], ['']])(
    'refuses the correlation id %j, naming the field, and writes nothing',
    async (correlationId) => {
      const [before] = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM tasker.tasks');
      const refusal = a.tasker.createTask({ namespace: 'obs', name: 'single', context: {}, correlationId });
      await expect(refusal).rejects.toBeInstanceOf(TaskValidationError);
      await expect(refusal).rejects.toThrow(/correlationId must be 1 to 100 characters/);
      await expect(
        a.tasker.createTasks([{ namespace: 'obs', name: 'single', context: {}, correlationId }]),
      ).rejects.toThrow(/correlationId/);
      const [after] = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM tasker.tasks');
      expect(after).toEqual(before);
    },
  );

  it('traces a diamond as one trace: the task span and four step spans parented to it, handler spans under them', async () => {
    const done = await run(a, a.tasker.createTask({ namespace: 'obs', name: 'diamond', context: {} }));
    expect(done.status).toBe('complete');

    const [taskSpan, ...extraTaskSpans] = spansOf(done.id, 'tasker.task');
    expect(extraTaskSpans).toEqual([]);
    if (taskSpan === undefined) throw new Error('no tasker.task span');
    expect(taskSpan.kind).toBe(SpanKind.PRODUCER);
    expect(taskSpan.attributes).toMatchObject({
      'tasker.task_id': done.id,
      'tasker.namespace': 'obs',
      'tasker.task_name': 'diamond',
      'tasker.correlation_id': done.correlationId,
    });
    const traceId = taskSpan.spanContext().traceId;
    const steps = spansOf(done.id, 'tasker.step');
    expect(steps.map((span) => span.attributes['tasker.step_name']).sort()).toEqual(['join', 'left', 'right', 'start']);
    for (const span of steps) {
      expect(span.spanContext().traceId).toBe(traceId);
      expect(parentSpanId(span)).toBe(taskSpan.spanContext().spanId);
      expect(span.kind).toBe(SpanKind.CONSUMER);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes).toMatchObject({
        'tasker.task_id': done.id,
        'tasker.attempt': 1,
        'tasker.namespace': 'obs',
        'tasker.task_name': 'diamond',
        'tasker.outcome': 'complete',
      });
    }
    const stepSpanIds = new Set(steps.map((span) => span.spanContext().spanId));
    const handlerSpans = tracing
      .spans('handler.work')
      .filter((span) => span.spanContext().traceId === traceId && stepSpanIds.has(parentSpanId(span) ?? ''));
    expect(handlerSpans).toHaveLength(4);
    expect(new Set(observedRuns.filter((seen) => seen.taskId === done.id).map((seen) => seen.traceId))).toEqual(
      new Set([traceId]),
    );
  });

  it("puts the task span under the caller's active span", async () => {
    const caller = trace.getTracer('test-caller').startSpan('caller.request');
    const created = await context.with(trace.setSpan(context.active(), caller), () =>
      a.tasker.createTask({ namespace: 'obs', name: 'single', context: {} }),
    );
    caller.end();
    await a.tasker.waitForTask(created.id, { timeoutMs: 20_000 });
    const [taskSpan] = spansOf(created.id, 'tasker.task');
    expect(taskSpan?.spanContext().traceId).toBe(caller.spanContext().traceId);
    expect(taskSpan === undefined ? undefined : parentSpanId(taskSpan)).toBe(caller.spanContext().spanId);
    const [stepSpan] = spansOf(created.id, 'tasker.step');
    expect(stepSpan?.spanContext().traceId).toBe(caller.spanContext().traceId);
  });

  it('marks a failed step span ERROR with the exception recorded', async () => {
    const done = await run(
      a,
      a.tasker.createTask({ namespace: 'obs', name: 'single', context: { fail: 'permanent' } }),
    );
    expect(done.status).toBe('error');
    const [span, ...more] = spansOf(done.id, 'tasker.step');
    expect(more).toEqual([]);
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'doomed on purpose' });
    expect(span?.attributes['tasker.outcome']).toBe('error');
    const exception = span?.events.find((event) => event.name === 'exception');
    expect(exception?.attributes).toMatchObject({ 'exception.message': 'doomed on purpose' });
    expect(
      logLinesOf('Step failed', done.id).map((line) => [line['stepName'], line['attempt'], line['correlationId']]),
    ).toEqual([['only', 1, done.correlationId]]);
    expect(typeof logLinesOf('Step failed', done.id)[0]?.['durationMs']).toBe('number');
  });

  it('records a scheduled retry as an event, and both attempts in the same trace', async () => {
    const done = await run(a, a.tasker.createTask({ namespace: 'obs', name: 'single', context: { fail: 'once' } }));
    expect(done.status).toBe('complete');
    const spans = spansOf(done.id, 'tasker.step').sort(
      (x, y) => Number(x.attributes['tasker.attempt']) - Number(y.attributes['tasker.attempt']),
    );
    expect(
      spans.map((span) => [span.attributes['tasker.attempt'], span.attributes['tasker.outcome'], span.status.code]),
    ).toEqual([
      [1, 'retry', SpanStatusCode.ERROR],
      [2, 'complete', SpanStatusCode.UNSET],
    ]);
    const retry = spans[0]?.events.find((event) => event.name === 'tasker.retry_scheduled');
    expect(retry?.attributes?.['tasker.retry_delay_ms']).toBe(5);
    expect(spans[0]?.events.some((event) => event.name === 'exception')).toBe(true);
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    expect(logLinesOf('observed handler ran', done.id).map((line) => [line['attempt'], line['correlationId']])).toEqual(
      [
        [1, done.correlationId],
        [2, done.correlationId],
      ],
    );
  });

  it("keeps one trace per task when another process's worker runs its steps", async () => {
    const created = await creator.tasker.createTask({
      namespace: 'obs',
      name: 'diamond',
      context: {},
      correlationId: 'cross-process',
    });
    // a second worker joins; both `a` and `b` may run the steps, never the creating app
    b = await createEngineApp(engineOptions(database.url), undefined, { after: [ObservabilityFixtureModule] });
    const done = await b.tasker.waitForTask(created.id, { timeoutMs: 20_000 });
    expect(done.status).toBe('complete');
    const [taskSpan] = spansOf(done.id, 'tasker.task');
    if (taskSpan === undefined) throw new Error('no tasker.task span');
    const steps = await waitFor(() => {
      const found = spansOf(done.id, 'tasker.step');
      return found.length === 4 ? found : undefined;
    });
    expect(new Set(steps.map((span) => span.spanContext().traceId))).toEqual(new Set([taskSpan.spanContext().traceId]));
    expect(new Set(steps.map(parentSpanId))).toEqual(new Set([taskSpan.spanContext().spanId]));
    // the trace context came from the database: the stored traceparent names the task span
    const [row] = await b.query<{ trace_context: { traceparent: string } }>(
      'SELECT trace_context FROM tasker.tasks WHERE id = $1',
      [done.id],
    );
    expect(row?.trace_context.traceparent).toBe(
      `00-${taskSpan.spanContext().traceId}-${taskSpan.spanContext().spanId}-01`,
    );
    expect(logLinesOf('observed handler ran', done.id).map((line) => line['correlationId'])).toEqual(
      Array.from({ length: 4 }, () => 'cross-process'),
    );
  });
});
