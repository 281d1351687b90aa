import type { StepView, TaskView } from '../../../lib';
import { taskMermaid } from '../../../lib/http/diagram/task-mermaid';

function step(name: string, status: StepView['status'], dependsOn: string[] = [], attempts = 0): StepView {
  return {
    id: `id-${name}`,
    name,
    status,
    dependsOn,
    attempts,
    maxAttempts: 3,
    retryable: true,
    results: null,
    error: null,
    lastAttemptedAt: null,
    nextRetryAt: null,
    completedAt: null,
  };
}

function task(steps: StepView[]): TaskView {
  return {
    id: 't',
    namespace: 'n',
    name: 'x',
    version: '1.0.0',
    status: 'in_progress',
    context: {},
    initiator: null,
    sourceSystem: null,
    reason: null,
    tags: [],
    idempotencyKey: null,
    correlationId: 'c',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    completedAt: null,
    steps,
  };
}

describe('taskMermaid', () => {
  it('should draw every step with its status, every dependency, and style each step by its status', () => {
    const diagram = taskMermaid(
      task([
        step('top', 'complete', [], 1),
        step('left', 'error', ['top'], 3),
        step('right', 'in_progress', ['top'], 1),
        step('bottom', 'pending', ['left', 'right']),
      ]),
    );

    const lines = diagram.split('\n');
    expect(lines[0]).toBe('flowchart TD');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  s0["top<br/>complete · 1/3"]',
        '  s1["left<br/>error · 3/3"]',
        '  s2["right<br/>in_progress · 1/3"]',
        '  s3["bottom<br/>pending"]',
        '  s0 --> s1',
        '  s0 --> s2',
        '  s1 --> s3',
        '  s2 --> s3',
        '  class s0 complete',
        '  class s1 error',
        '  class s2 in_progress',
        '  class s3 pending',
      ]),
    );
    for (const status of [
      'pending',
      'in_progress',
      'waiting_for_retry',
      'complete',
      'error',
      'cancelled',
      'resolved_manually',
    ]) {
      expect(lines.some((line) => line.startsWith(`  classDef ${status} fill:`))).toBe(true);
    }
  });

  it('should group the steps of one status in one class line', () => {
    const lines = taskMermaid(
      task([step('a', 'complete'), step('b', 'complete'), step('c', 'pending', ['a', 'b'])]),
    ).split('\n');

    expect(lines).toContain('  class s0,s1 complete');
    expect(lines).toContain('  class s2 pending');
  });

  it('should keep step names that Mermaid would parse out of its syntax', () => {
    const diagram = taskMermaid(task([step('say "hi" <b>#1</b> & go', 'pending')]));

    expect(diagram).toContain('s0["say #34;hi#34; #60;b#62;#35;1#60;/b#62; #38; go<br/>pending"]');
    expect(diagram).not.toContain('<b>');
  });
});
