import { formatBytes, oversizedJsonBytes } from '../../../lib/persistence/json-byte-size';
import { toJsonText } from '../../../lib/persistence/to-json-text';
import { resultTooLarge } from '../../../lib/orchestration/result-size';
import { validateTaskRequest } from '../../../lib/orchestration/validate-task-request';

function json(value: unknown): string {
  const result = toJsonText(value);
  if (!('text' in result)) throw new Error(result.problem);
  return result.text;
}

describe('oversizedJsonBytes', () => {
  it('should count UTF-8 bytes, not characters', () => {
    const text = json({ s: 'é'.repeat(10) }); // {"s":"…"}: 8 ASCII bytes + 20 for ten two-byte letters

    expect(oversizedJsonBytes(text, 28)).toBeUndefined();
    expect(oversizedJsonBytes(text, 27)).toBe(28);
  });

  it('should accept text exactly at the limit and refuse one byte more', () => {
    expect(oversizedJsonBytes('x'.repeat(100), 100)).toBeUndefined();
    expect(oversizedJsonBytes('x'.repeat(101), 100)).toBe(101);
  });

  it('should count a surrogate pair as four bytes', () => {
    expect(oversizedJsonBytes('😀😀', 7)).toBe(8);
  });
});

describe('formatBytes', () => {
  it.each<[number, string]>([
    [512, '512 bytes'],
    [1024 * 1024, '1048576 bytes (1.0 MiB)'],
    [5_000_014, '5000014 bytes (4.8 MiB)'],
  ])('should write %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('validateTaskRequest: limits.maxContextBytes', () => {
  const request = (context: unknown) => ({ name: 'job', context });

  it('should refuse a context over the limit, with its size and the limit', () => {
    const context = { blob: 'x'.repeat(2000) };

    const errors = validateTaskRequest(request(context), toJsonText(context), 1024);

    expect(errors).toEqual([
      'context is 2011 bytes (2.0 KiB) of JSON, over limits.maxContextBytes of 1024 bytes (1.0 KiB); store large data elsewhere and pass a reference to it',
    ]);
  });

  it('should accept a context within the limit', () => {
    const context = { blob: 'x'.repeat(100) };

    expect(validateTaskRequest(request(context), toJsonText(context), 1024)).toEqual([]);
  });
});

describe('resultTooLarge', () => {
  it('should give a permanent RESULT_TOO_LARGE failure naming the step, the size and the limit', () => {
    expect(resultTooLarge('report', json({ rows: 'x'.repeat(3000) }), 2048)).toEqual({
      message:
        'Step "report" returned a result of 3011 bytes (2.9 KiB) of JSON, over limits.maxResultBytes of 2048 bytes (2.0 KiB); store large data elsewhere and return a reference to it',
      code: 'RESULT_TOO_LARGE',
      type: 'RangeError',
    });
  });

  it('should let a result within the limit through', () => {
    expect(resultTooLarge('report', json({ ok: true }), 2048)).toBeUndefined();
  });
});
