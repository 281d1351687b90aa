import {
  createAndClaimTaskParams,
  createAndClaimTaskSql,
} from '../../../lib/persistence/sql/create-task-claiming.query';
import { createTaskParams, type NewTask } from '../../../lib/persistence/sql/create-task.query';
import {
  expireLeasesParams,
  expireLeasesSql,
  heartbeatParams,
  heartbeatSql,
  runCycleParams,
  runCycleSql,
} from '../../../lib/persistence/sql/run-cycle.query';

/** The highest $n placeholder of a statement: its parameter list must be exactly that long. */
function placeholders(sql: string): number {
  return Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
}

const error = { message: 'boom', code: null, type: 'Error' };

describe('statement parameter builders', () => {
  it('run_cycle: worker, lease, claim limit, channel, then one array per outcome field', () => {
    const params = runCycleParams({
      workerId: 'w1',
      leaseMs: 30_000,
      claimLimit: 4,
      readyChannel: 'tasker_ready',
      outcomes: [
        { stepId: 'a', attempt: 1, outcome: { kind: 'complete', result: '{"n":1}' } },
        { stepId: 'b', attempt: 2, outcome: { kind: 'retry', error, delayMs: 1234.6 } },
        { stepId: 'c', attempt: 3, outcome: { kind: 'error', error } },
      ],
    });
    expect(params).toEqual([
      'w1',
      30_000,
      4,
      'tasker_ready',
      ['a', 'b', 'c'],
      [1, 2, 3],
      ['complete', 'retry', 'error'],
      ['{"n":1}', null, null],
      [null, JSON.stringify(error), JSON.stringify(error)],
      [0, 1235, 0],
    ]);
    expect(params).toHaveLength(placeholders(runCycleSql('tasker')));
    expect(
      runCycleParams({ workerId: 'w1', leaseMs: 1, claimLimit: 0, readyChannel: 'c', outcomes: [] }).slice(4),
    ).toEqual([[], [], [], [], [], []]);
  });

  it('heartbeat and expire_leases', () => {
    const heartbeat = heartbeatParams({ workerId: 'w1', stepIds: ['a', 'b'], leaseMs: 900 });
    expect(heartbeat).toEqual(['w1', ['a', 'b'], 900]);
    expect(heartbeat).toHaveLength(placeholders(heartbeatSql('tasker')));
    const sweep = expireLeasesParams({
      sweeperId: 'w1',
      limit: 100,
      backoff: { baseMs: 5, multiplier: 2, maxMs: 50, jitter: 0.1 },
    });
    expect(sweep).toEqual(['w1', 100, 5, 2, 50, 0.1, []]);
    expect(sweep).toHaveLength(placeholders(expireLeasesSql('tasker')));
  });

  it('create-task: the task row, then one array per step field, then the edges and the channel', () => {
    const task: NewTask = {
      taskId: 't',
      namedTaskId: 7,
      namespace: 'shop',
      name: 'order',
      version: '1.0.0',
      contextJson: '{"x":1}',
      initiator: 'me',
      sourceSystem: null,
      reason: null,
      tags: ['a'],
      idempotencyKey: 'k',
      correlationId: 'corr-1',
      traceContext: null,
      steps: [
        {
          id: 's1',
          namedStepId: 11,
          name: 'charge',
          position: 0,
          retryable: true,
          maxAttempts: 3,
          timeoutMs: null,
          backoff: undefined,
          parents: 0,
        },
        {
          id: 's2',
          namedStepId: 12,
          name: 'ship',
          position: 1,
          retryable: false,
          maxAttempts: 1,
          timeoutMs: 500,
          backoff: { baseMs: 10 },
          parents: 1,
        },
      ],
      edges: [{ parentId: 's1', childId: 's2' }],
      readyChannel: 'tasker_ready',
    };
    const params = createTaskParams(task);
    expect(params).toEqual([
      't',
      7,
      'shop',
      'order',
      '1.0.0',
      '{"x":1}',
      'me',
      null,
      null,
      ['a'],
      'k',
      2,
      1,
      ['s1', 's2'],
      [11, 12],
      ['charge', 'ship'],
      [0, 1],
      [true, false],
      [3, 1],
      [null, 500],
      [null, '{"baseMs":10}'],
      [0, 1],
      ['s1'],
      ['s2'],
      'tasker_ready',
    ]);
    // TaskCreator sends the claiming statement: the same 25 parameters, then the claim's 4.
    expect(createAndClaimTaskParams(task, undefined, false, 'w1')).toHaveLength(
      placeholders(createAndClaimTaskSql('tasker')),
    );
  });
});
