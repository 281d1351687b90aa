import { expect } from '@jest/globals';
import type { StepView, TaskView } from '../../lib';
import { DiamondModule } from '../fixtures/diamond.fixture';
import { EngineProbe, type EngineContext, type ScriptedResult } from '../fixtures/engine.fixture';
import { closeAll, createEngineApp, engineOptions, stepTransitions, type EngineApp } from '../support/engine-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

function sums(task: TaskView): Array<[string, string, number | null]> {
  return task.steps.map((step) => [step.name, step.status, (step.results as ScriptedResult | null)?.sum ?? null]);
}

function stepOf(task: TaskView, name: string): StepView {
  const step = task.steps.find((candidate) => candidate.name === name);
  if (step === undefined) throw new Error(`task ${task.id} has no step ${name}`);
  return step;
}

describe('engine: DAG shapes (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: EngineApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createEngineApp(engineOptions(database.url), new EngineProbe(), { after: [DiamondModule] });
  });

  afterAll(async () => {
    await closeAll(app);
    await database?.drop();
  });

  async function run(name: string, context: EngineContext = {}): Promise<TaskView> {
    const created = await app.tasker.createTask({ namespace: 'engine', name, context });
    return app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
  }

  it('runs linear, diamond, tree and mixed DAGs side by side, results flowing from parents', async () => {
    const [linear, diamond, tree, mixed] = await Promise.all([
      run('linear'),
      run('diamond'),
      run('tree'),
      run('mixed'),
    ]);

    expect(sums(linear)).toEqual([
      ['a', 'complete', 1],
      ['b', 'complete', 3],
      ['c', 'complete', 7],
      ['d', 'complete', 15],
    ]);
    expect(sums(diamond)).toEqual([
      ['top', 'complete', 1],
      ['left', 'complete', 3],
      ['right', 'complete', 5],
      ['bottom', 'complete', 16],
    ]);
    expect((stepOf(diamond, 'bottom').results as ScriptedResult).inputs).toEqual({ left: 3, right: 5 });
    expect(Object.fromEntries(sums(tree).map(([name, status, sum]) => [name, [status, sum]]))).toEqual({
      root: ['complete', 1],
      l: ['complete', 3],
      r: ['complete', 5],
      ll: ['complete', 11],
      lr: ['complete', 19],
      rl: ['complete', 37],
      rr: ['complete', 69],
    });
    expect(Object.fromEntries(sums(mixed).map(([name, status, sum]) => [name, [status, sum]]))).toEqual({
      a: ['complete', 1],
      b: ['complete', 2],
      c: ['complete', 7],
      d: ['complete', 9],
      e: ['complete', 32],
      f: ['complete', 34],
      g: ['complete', 130],
    });
    expect((stepOf(mixed, 'g').results as ScriptedResult).inputs).toEqual({ e: 32, f: 34 });

    for (const task of [linear, diamond, tree, mixed]) {
      expect(task.status).toBe('complete');
      const explanation = await app.tasker.explainTask(task.id);
      expect(explanation).toMatchObject({
        executionStatus: 'all_complete',
        completedSteps: task.steps.length,
        completionPercentage: 100,
      });
      expect(task.completedAt).not.toBeNull();
      for (const step of task.steps) {
        expect({ name: step.name, attempts: step.attempts, error: step.error }).toEqual({
          name: step.name,
          attempts: 1,
          error: null,
        });
        expect(step.completedAt).not.toBeNull();
      }
    }
  });

  it('starts a step only after every parent completed (transitions of the mixed DAG)', async () => {
    const mixed = await run('mixed');
    const transitions = await stepTransitions(app, mixed.id);
    const claimedAt = new Map<string, string>();
    const completedAt = new Map<string, string>();
    for (const row of transitions) {
      if (row.to_status === 'in_progress') claimedAt.set(row.step_name, row.id);
      if (row.to_status === 'complete') completedAt.set(row.step_name, row.id);
    }
    for (const step of mixed.steps) {
      for (const parent of step.dependsOn) {
        // transition ids are a sequence: a parent's completion is logged before its child's claim
        expect(BigInt(completedAt.get(parent) ?? '0')).toBeLessThan(BigInt(claimedAt.get(step.name) ?? '0'));
      }
    }
    expect(transitions.filter((row) => row.to_status === 'in_progress')).toHaveLength(7);
  });

  it('gives a step the results of any ancestor, not only its direct parents', async () => {
    const linear = await run('linear', { script: { d: { reads: ['a', 'c'] } } });
    expect(linear.status).toBe('complete');
    expect(stepOf(linear, 'd').results).toMatchObject({ sum: 8 + 1 + 7, inputs: { a: 1, c: 7 } });
  });

  it('refuses the results of a non-ancestor with a PermanentError: the step fails once, the task errors', async () => {
    const diamond = await run('diamond', { script: { left: { reads: ['right'] } } });
    expect(diamond.status).toBe('error');
    expect(diamond.steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
      ['top', 'complete', 1],
      ['left', 'error', 1],
      ['right', 'complete', 1],
      ['bottom', 'pending', 0],
    ]);
    expect(stepOf(diamond, 'left').error).toEqual({
      message: expect.stringContaining('"right"'),
      code: 'NOT_AN_ANCESTOR',
      type: 'PermanentError',
    });
  });

  it('runs the decorator-defined math diamond (handlers with Nest DI, registered names)', async () => {
    const created = await app.tasker.createTask({ namespace: 'math', name: 'diamond', context: { even_number: 4 } });
    const done = await app.tasker.waitForTask(created.id, { timeoutMs: 15_000 });
    expect(done.status).toBe('complete');
    expect(done.steps.map((step) => [step.name, step.results])).toEqual([
      ['start', { result: 16 }],
      ['left', { result: 256 }],
      ['right', { result: 256 }],
      ['join', { result: 65536 }],
    ]);
  });
});
