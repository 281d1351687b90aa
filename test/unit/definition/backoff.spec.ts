import { backoffProblems, mergeBackoff, retryDelayMs } from '../../../lib/definition/backoff';

const noJitter = { baseMs: 1000, multiplier: 2, maxMs: 10_000, jitter: 0 };
const middle = (): number => 0.5;

describe('retryDelayMs', () => {
  it('doubles from baseMs per failed attempt without jitter', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, noJitter, middle))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('caps at maxMs', () => {
    expect(retryDelayMs(5, noJitter, middle)).toBe(10_000);
    expect(retryDelayMs(50, noJitter, middle)).toBe(10_000);
    expect(retryDelayMs(100_000, noJitter, middle)).toBe(10_000);
  });

  it('uses the multiplier', () => {
    expect(retryDelayMs(3, { ...noJitter, multiplier: 3 }, middle)).toBe(9000);
    expect(retryDelayMs(3, { ...noJitter, multiplier: 1 }, middle)).toBe(1000);
  });

  it('treats attempts below 1 as the first', () => {
    expect(retryDelayMs(0, noJitter, middle)).toBe(1000);
  });

  it('spreads by ± the jitter fraction: random 0 gives the lower bound, random 1 the upper', () => {
    const jittered = { ...noJitter, jitter: 0.1 };
    expect(retryDelayMs(2, jittered, () => 0)).toBe(1800);
    expect(retryDelayMs(2, jittered, () => 1)).toBe(2200);
    expect(retryDelayMs(2, jittered, () => 0.5)).toBe(2000);
  });

  it('applies jitter after the cap, as the contract writes it', () => {
    expect(retryDelayMs(10, { ...noJitter, jitter: 0.1 }, () => 1)).toBe(11_000);
    expect(retryDelayMs(10, { ...noJitter, jitter: 0.1 }, () => 0)).toBe(9000);
  });

  it('is never negative, even with full jitter', () => {
    expect(retryDelayMs(1, { ...noJitter, jitter: 1 }, () => 0)).toBe(0);
  });

  it('is 0 for a zero base however many attempts failed', () => {
    expect(retryDelayMs(5000, { ...noJitter, baseMs: 0 }, middle)).toBe(0);
  });

  it('replaces the delay by retryAfterMs, capped at maxMs and without jitter', () => {
    const jittered = { ...noJitter, jitter: 0.5 };
    expect(retryDelayMs(1, jittered, () => 1, 3500)).toBe(3500);
    expect(retryDelayMs(4, jittered, () => 0, 60_000)).toBe(10_000);
    expect(retryDelayMs(1, jittered, () => 1, 0)).toBe(0);
    expect(retryDelayMs(1, jittered, () => 1, -5)).toBe(0);
  });

  it('falls back to the backoff when retryAfterMs is NaN', () => {
    expect(retryDelayMs(2, noJitter, middle, Number.NaN)).toBe(2000);
  });
});

describe('mergeBackoff', () => {
  const module = { baseMs: 1000, multiplier: 2, maxMs: 300_000, jitter: 0.1 };

  it('keeps the module backoff when the step sets none', () => {
    expect(mergeBackoff(module)).toEqual(module);
    expect(mergeBackoff(module, {})).toEqual(module);
  });

  it('lays the fields the step sets over the module backoff', () => {
    expect(mergeBackoff(module, { baseMs: 50, jitter: 0 })).toEqual({
      baseMs: 50,
      multiplier: 2,
      maxMs: 300_000,
      jitter: 0,
    });
  });
});

describe('backoffProblems', () => {
  it('accepts valid and partial backoffs', () => {
    expect(backoffProblems({ baseMs: 0, multiplier: 1, maxMs: 0, jitter: 0 })).toEqual([]);
    expect(backoffProblems({ jitter: 1 })).toEqual([]);
  });

  it('names every bad field with its rule and value', () => {
    expect(backoffProblems({ baseMs: -1, multiplier: 0.5, maxMs: Infinity, jitter: 2 })).toEqual([
      'backoff.baseMs must be a number >= 0 (got -1)',
      'backoff.multiplier must be a number >= 1 (got 0.5)',
      'backoff.maxMs must be a number >= 0 (got Infinity)',
      'backoff.jitter must be a number between 0 and 1 (got 2)',
    ]);
    expect(backoffProblems({ baseMs: '10' })).toEqual(['backoff.baseMs must be a number >= 0 (got "10")']);
  });

  it('refuses unknown fields, a max below the base and a non-object', () => {
    expect(backoffProblems({ base: 10 })).toEqual(['backoff.base is not a backoff option']);
    expect(backoffProblems({ baseMs: 5000, maxMs: 1000 })).toEqual([
      'backoff.maxMs (1000) must be >= backoff.baseMs (5000)',
    ]);
    expect(backoffProblems(5)).toEqual(['backoff must be an object (got 5)']);
  });
});
