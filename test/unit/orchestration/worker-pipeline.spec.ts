import { WorkerPipeline, pipelineRetryDelayMs, type PipelineWork } from '../../../lib/orchestration/worker-pipeline';
import { waitFor } from '../../support/wait-for';

/** One turn of the event loop (the pipeline starts a turn one turn after the first kick). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Waits for `condition` over turns of the event loop (for tests that fake the timers waitFor uses). */
async function turnsUntil(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn++) await nextTurn();
  if (!condition()) throw new Error(`${what} did not happen`);
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Work that counts its turns; each turn runs `body` (default: nothing). */
function countingWork(body: (turn: number) => Promise<void> | void = () => undefined) {
  const failures: Array<{ error: unknown; retryInMs: number }> = [];
  let backlog = 0;
  const work = {
    turns: 0,
    failures,
    setBacklog(n: number): void {
      backlog = n;
    },
    turn: async (): Promise<void> => {
      work.turns += 1;
      if (backlog > 0) backlog -= 1;
      await body(work.turns);
    },
    backlog: (): boolean => backlog > 0,
    failed: (error: unknown, retryInMs: number): void => {
      failures.push({ error, retryInMs });
    },
  };
  return work satisfies PipelineWork & Record<string, unknown>;
}

describe('WorkerPipeline', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('folds the kicks of one turn of the event loop into one turn', async () => {
    const work = countingWork();
    const pipeline = new WorkerPipeline(work);
    pipeline.open();
    for (let i = 0; i < 5; i++) pipeline.kick();
    expect(pipeline.idle).toBe(false);
    await waitFor(() => pipeline.idle, { what: 'pipeline idle' });
    expect(work.turns).toBe(1);
  });

  it('runs exactly one more turn for any number of kicks during a turn', async () => {
    const gate = deferred();
    const work = countingWork((turn) => (turn === 1 ? gate.promise : undefined));
    const pipeline = new WorkerPipeline(work);
    pipeline.open();
    pipeline.kick();
    await waitFor(() => work.turns === 1, { what: 'first turn started' });
    for (let i = 0; i < 3; i++) pipeline.kick();
    gate.resolve();
    await waitFor(() => pipeline.idle, { what: 'pipeline idle' });
    expect(work.turns).toBe(2);
  });

  it('keeps turning while a backlog is left', async () => {
    const work = countingWork();
    work.setBacklog(3);
    const pipeline = new WorkerPipeline(work);
    pipeline.open();
    pipeline.kick();
    await waitFor(() => pipeline.idle, { what: 'pipeline idle' });
    expect(work.turns).toBe(3);
  });

  it('ignores kicks until opened and after closing', async () => {
    const work = countingWork();
    const pipeline = new WorkerPipeline(work);
    pipeline.kick();
    await nextTurn();
    await nextTurn();
    expect([work.turns, pipeline.idle]).toEqual([0, true]);
    pipeline.open();
    pipeline.kick();
    pipeline.close();
    await nextTurn();
    await nextTurn();
    expect([work.turns, pipeline.idle]).toEqual([0, true]);
  });

  it('reports a failed turn with a growing delay, retries, and starts over after a success', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    const failing = new Set([1, 2, 4]);
    const work = countingWork((turn) => {
      if (failing.has(turn)) throw new Error(`turn ${turn} failed`);
    });
    const pipeline = new WorkerPipeline(work);
    pipeline.open();
    pipeline.kick();
    await turnsUntil(() => work.failures.length === 1, 'first failure');
    await jest.advanceTimersByTimeAsync(pipelineRetryDelayMs(1));
    await turnsUntil(() => work.failures.length === 2, 'second failure');
    await jest.advanceTimersByTimeAsync(pipelineRetryDelayMs(2));
    await turnsUntil(() => work.turns === 3 && pipeline.idle, 'third turn succeeding');
    pipeline.kick();
    await turnsUntil(() => work.failures.length === 3, 'failure after a success');
    expect(work.failures.map((failure) => failure.retryInMs)).toEqual([200, 400, 200]);
    expect(work.failures.map((failure) => (failure.error as Error).message)).toEqual([
      'turn 1 failed',
      'turn 2 failed',
      'turn 4 failed',
    ]);
    pipeline.close();
    await jest.advanceTimersByTimeAsync(10_000);
    await nextTurn();
    expect(work.turns).toBe(4);
  });

  it('caps the retry delay at 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(pipelineRetryDelayMs)).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('flushes: runs turns until the backlog is gone, or says it could not', async () => {
    const work = countingWork();
    work.setBacklog(2);
    const pipeline = new WorkerPipeline(work);
    pipeline.open();
    await expect(pipeline.flush()).resolves.toBe(true);
    expect(work.turns).toBe(2);

    const broken = countingWork(() => {
      throw new Error('down');
    });
    broken.setBacklog(1_000);
    const stuck = new WorkerPipeline(broken);
    stuck.open();
    await expect(stuck.flush(3)).resolves.toBe(false);
    stuck.close();
  });
});
