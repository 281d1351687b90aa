import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTIVE_TASK_STATUSES,
  FINISHED_TASK_STATUSES,
  OPERATOR_ACTION_FROM,
  RUNNABLE_STEP_STATUSES,
  STEP_STATUSES,
  SUCCEEDED_STEP_STATUSES,
  TASK_STATUSES,
  isFinishedTaskStatus,
  isTaskStatus,
} from '../../../lib/domain/statuses';
import { present } from '../../support/present';

// The SQL side keeps its own literals; these tests hold them to the sets defined in TypeScript,
// reading the committed schema snapshot (what the migrations build).
const schema = readFileSync(join(__dirname, '..', '..', 'schema.sql'), 'utf8');

function quoted(list: string): string[] {
  return [...list.matchAll(/'([a-z_]+)'/g)].map((match) => present(match[1], 'quoted status'));
}

function checkConstraint(name: string): string[] {
  const match = new RegExp(`CONSTRAINT ${name} CHECK \\(\\(\\(status\\)::text = ANY \\(\\(ARRAY\\[([^\\]]*)\\]`).exec(
    schema,
  );
  if (match === null) throw new Error(`test/schema.sql has no CHECK constraint ${name} on status`);
  return quoted(present(match[1], `status list of ${name}`));
}

/** Every distinct status list that follows `prefix` in the schema's function bodies. */
function listsAfter(prefix: string): string[][] {
  const escaped = prefix.replace(/[.()]/g, (c) => `\\${c}`);
  const lists = [...schema.matchAll(new RegExp(`${escaped} \\(((?:'[a-z_]+'(?:, )?)+)\\)`, 'g'))].map((match) =>
    quoted(present(match[1], `status list after ${prefix}`)),
  );
  if (lists.length === 0) throw new Error(`test/schema.sql has no "${prefix} (...)"`);
  return [...new Map(lists.map((list) => [list.join(','), list])).values()];
}

describe('status sets', () => {
  it('are exactly the statuses the CHECK constraints allow, in their order', () => {
    expect(checkConstraint('tasks_status_check')).toEqual([...TASK_STATUSES]);
    expect(checkConstraint('steps_status_check')).toEqual([...STEP_STATUSES]);
  });

  it('match the lists the SQL functions test statuses against', () => {
    expect(listsAfter('t.status IN')).toEqual(
      expect.arrayContaining([[...ACTIVE_TASK_STATUSES], [...FINISHED_TASK_STATUSES]]),
    );
    expect(listsAfter('t.status NOT IN')).toEqual([[...ACTIVE_TASK_STATUSES]]);
    expect(listsAfter('v_status NOT IN')).toEqual([[...OPERATOR_ACTION_FROM.cancelTask]]);
    expect(listsAfter('v_step.status NOT IN')).toEqual([[...OPERATOR_ACTION_FROM.resolveStep]]);
    expect(listsAfter('s.status IN')).toEqual(
      expect.arrayContaining([[...RUNNABLE_STEP_STATUSES], [...SUCCEEDED_STEP_STATUSES]]),
    );
    expect(listsAfter('p.status IN')).toEqual([[...SUCCEEDED_STEP_STATUSES]]);
  });

  it('split the task statuses into active and finished ones', () => {
    expect([...ACTIVE_TASK_STATUSES, ...FINISHED_TASK_STATUSES].sort()).toEqual([...TASK_STATUSES].sort());
    expect(TASK_STATUSES.filter(isFinishedTaskStatus)).toEqual([...FINISHED_TASK_STATUSES]);
  });

  it('recognise a task status and nothing else', () => {
    expect(TASK_STATUSES.every(isTaskStatus)).toBe(true);
    expect(['waiting_for_retry', 'PENDING', '', 3, undefined].some(isTaskStatus)).toBe(false);
  });
});
