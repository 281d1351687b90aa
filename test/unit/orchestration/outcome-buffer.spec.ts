import { OutcomeBuffer, type PendingOutcome } from '../../../lib/orchestration/outcome-buffer';

function completed(stepId: string): PendingOutcome {
  return { stepId, attempt: 1, step: undefined, outcome: { kind: 'complete', result: '{}', durationMs: 1 } };
}

describe('OutcomeBuffer', () => {
  it('hands out the oldest outcomes first, at most as many as asked', () => {
    const buffer = new OutcomeBuffer();
    for (const id of ['a', 'b', 'c']) buffer.add(completed(id));
    expect(buffer.take(2).map((p) => p.stepId)).toEqual(['a', 'b']);
    expect(buffer.length).toBe(1);
    expect(buffer.take(500).map((p) => p.stepId)).toEqual(['c']);
    expect(buffer.take(500)).toEqual([]);
  });

  it('puts a batch that was not written back in front, in its order', () => {
    const buffer = new OutcomeBuffer();
    for (const id of ['a', 'b', 'c']) buffer.add(completed(id));
    const batch = buffer.take(2);
    buffer.add(completed('d'));
    buffer.putBack(batch);
    expect(buffer.stepIds()).toEqual(['a', 'b', 'c', 'd']);
  });
});
