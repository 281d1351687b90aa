import { ObservabilityFixtureModule } from '../fixtures/observability.fixture';
import { closeAll, createEngineApp, engineOptions, type EngineApp } from '../support/engine-app';
import { installInMemoryTracing, parentSpanId, type InMemoryTracing } from '../support/in-memory-tracing';
import { logLinesOf } from '../support/observed-log-lines';

const STARTUP_MS = 60_000;

describe('observability on the embedded database (PGlite)', () => {
  let app: EngineApp;
  let tracing: InMemoryTracing;

  beforeAll(async () => {
    tracing = installInMemoryTracing();
    app = await createEngineApp(engineOptions(undefined, { worker: { pollIntervalMs: 50 } }), undefined, {
      after: [ObservabilityFixtureModule],
    });
  }, STARTUP_MS);

  afterAll(async () => {
    await closeAll(app);
    await tracing?.uninstall();
  }, STARTUP_MS);

  it('stores the correlation id, logs it from every handler and traces the diamond under the task span', async () => {
    const created = await app.tasker.createTask({
      namespace: 'obs',
      name: 'diamond',
      context: {},
      correlationId: 'embedded-1',
    });
    const done = await app.tasker.waitForTask(created.id, { timeoutMs: 20_000 });
    expect([done.status, done.correlationId]).toEqual(['complete', 'embedded-1']);
    expect(logLinesOf('observed handler ran', done.id).map((line) => line['correlationId'])).toEqual(
      Array.from({ length: 4 }, () => 'embedded-1'),
    );
    const ofTask = (name: string) =>
      tracing.spans(name).filter((span) => span.attributes['tasker.task_id'] === done.id);
    const [taskSpan] = ofTask('tasker.task');
    if (taskSpan === undefined) throw new Error('no tasker.task span');
    const steps = ofTask('tasker.step');
    expect(steps.map((span) => span.attributes['tasker.step_name']).sort()).toEqual(['join', 'left', 'right', 'start']);
    expect(new Set(steps.map((span) => span.spanContext().traceId))).toEqual(new Set([taskSpan.spanContext().traceId]));
    expect(new Set(steps.map(parentSpanId))).toEqual(new Set([taskSpan.spanContext().spanId]));
  });
});
